"""A paginator that stops counting at a cap: on a district's 50,000 items an exact COUNT(*)
costs more than the page itself, and nobody pages past the first hundreds; the list says
"fler än 10 000" and asks the user to narrow the filter."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        # COUNT over a LIMITed subquery reads at most cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def paginate(request, queryset, per_page: int | None = None):
    from django.conf import settings

    paginator = CappedPaginator(queryset, per_page or settings.INSYN["LIST_PAGE_SIZE"])
    return paginator.get_page(request.GET.get("page"))

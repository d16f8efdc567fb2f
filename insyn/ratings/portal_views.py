"""The provider's own ratings: aggregated per unit, never who rated."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from insyn.core.access import require_perm
from insyn.registry.queries import units_for

from . import conf, queries


def own_unit_ratings(user) -> list[dict]:
    units = list(units_for(user).select_related("category").order_by("name"))
    means = queries.rating_means([u.pk for u in units])
    return [{"unit": u, "mean": means[u.pk][0], "count": means[u.pk][1]} for u in units]


@login_required
def summary(request):
    require_perm(request.user, "ratings.view_own_ratings")
    rows = own_unit_ratings(request.user)
    return render(
        request,
        "ratings/portal_summary.html",
        {
            "rows": rows,
            "questions": queries.question_means([r["unit"].pk for r in rows]),
            "min_count": conf.get("RATING_MIN_COUNT"),
            "window_months": conf.get("RATING_WINDOW_MONTHS"),
        },
    )

"""The feedback CSV export as a background document (core.documents) when it is large:
the same filters, rows and masking as the streamed download, built for the person who
ordered it with their own scope."""

import io
from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone

from insyn.core import documents
from insyn.core.documents import Built
from insyn.core.spreadsheet import csv_writer

EXPORT = "feedback.export_csv"
PROGRESS_EVERY = 2000


def filtered_items(user, data):
    """The staff list's rows for `data` (its GET filters), in its order."""
    from insyn.accounts.predicates import is_municipal

    from . import queries
    from .filters import FeedbackFilter

    items = queries.items_for(user)
    items = queries.with_related(items if is_municipal(user) else items.none())
    request = SimpleNamespace(user=user, GET=data)
    filterset = FeedbackFilter(data, queryset=items, request=request)
    qs = filterset.qs if filterset.is_valid() else items.none()
    return qs.order_by("-received_on", "-pk")


def query_params(data: QueryDict) -> dict:
    return {key: data.getlist(key) for key in data}


def may_export(user, params) -> bool:
    return user.is_active and user.has_perm("feedback.export_items")


def build_export(user, params, progress) -> Built:
    from .export import EXPORT_HEADER, export_rows

    data = QueryDict(mutable=True)
    for key, values in params["filters"].items():
        data.setlist(key, values)
    qs = filtered_items(user, data)
    total = max(qs.count(), 1)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(EXPORT_HEADER)
    for done, values in enumerate(export_rows(qs, timezone.localdate()), start=1):
        writer.writerow(values)
        if done % PROGRESS_EVERY == 0:
            progress(done * 100 // total)
    return Built(buffer.getvalue().encode("utf-8"), "synpunkter.csv", "text/csv; charset=utf-8")


def register() -> None:
    documents.register(EXPORT, build=build_export, allowed=may_export)

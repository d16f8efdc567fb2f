"""The register exports (providers, units, contracts; CSV or XLSX) as background documents
(core.documents) when they are large: the same filters and rows as the direct download,
built for the person who ordered them with their own scope."""

from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone

from insyn.core import documents
from insyn.core.documents import Built

EXPORT = "registry.export"
EXPORT_PERM = "registry.export_register"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 1000
TITLES = {"providers": "Utförare", "units": "Verksamheter", "contracts": "Avtal"}


def export_spec(what: str, user, data):
    """(file name stem, sheet title, columns, filtered queryset, rows(queryset)) of one
    export; `data` is the list page's GET filters."""
    from . import queries
    from .filters import ContractFilter, ProviderFilter, UnitFilter, apply_filter
    from .io import exporter
    from .io.columns import CONTRACT_COLUMNS, SHEET_TITLES, UNIT_SHEET_COLUMNS
    from .io.constants import SheetKind

    request = SimpleNamespace(user=user, GET=data)
    if what == "providers":
        _, qs = apply_filter(request, ProviderFilter, queries.providers_for(user), ("name", "pk"))
        return (
            "utforare",
            SHEET_TITLES[SheetKind.UNITS],
            UNIT_SHEET_COLUMNS,
            qs,
            (exporter.provider_unit_rows),
        )
    if what == "units":
        _, qs = apply_filter(request, UnitFilter, queries.units_for(user), ("name", "pk"))
        return (
            "verksamheter",
            SHEET_TITLES[SheetKind.UNITS],
            UNIT_SHEET_COLUMNS,
            qs,
            (exporter.unit_rows),
        )
    if what == "contracts":
        _, qs = apply_filter(
            request, ContractFilter, queries.contracts_for(user), ("-start_date", "pk")
        )
        return (
            "avtal",
            SHEET_TITLES[SheetKind.CONTRACTS],
            CONTRACT_COLUMNS,
            qs,
            (exporter.contract_rows),
        )
    raise KeyError(what)


def may_export(user, params) -> bool:
    return user.is_active and user.has_perm(EXPORT_PERM)


def build_export(user, params, progress) -> Built:
    from .io import exporter

    data = QueryDict(mutable=True)
    for key, values in params["filters"].items():
        data.setlist(key, values)
    name, sheet_title, columns, qs, rows_of = export_spec(params["what"], user, data)
    total = max(qs.count(), 1)

    def counted(rows):
        for done, row in enumerate(rows, start=1):
            if done % PROGRESS_EVERY == 0:
                progress(done * 100 // total)
            yield row

    rows = counted(rows_of(qs))
    stamp = timezone.localdate().isoformat()
    if params["format"] == "csv":
        content = "".join(exporter.csv_lines(columns, rows)).encode("utf-8")
        return Built(content, f"{name}-{stamp}.csv", "text/csv; charset=utf-8")
    with exporter.xlsx_file([(sheet_title, columns, rows)]) as handle:
        return Built(handle.read(), f"{name}-{stamp}.xlsx", XLSX)


def register() -> None:
    documents.register(EXPORT, build=build_export, allowed=may_export)

"""Register: filtered provider and unit lists, the API lists, and a 10,000-row XLSX import."""

from __future__ import annotations

import tempfile
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

from django.db import transaction
from django.urls import Resolver404, resolve

from bench.harness import BenchContext, Result

LIST_GOAL_MS = 150
IMPORT_GOAL_MS = 20_000
IMPORT_ROWS = 10_000


def _ids():
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.registry.models import Category, Provider

    district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("pk").first()
    return {
        "hvb": Category.objects.get(code="hvb-barn").pk,
        "lss": Category.objects.get(code="lss-boende").pk,
        "district": district.pk if district else "",
        "org_number": Provider.objects.order_by("org_number").values_list("org_number", flat=True)[
            0
        ],
    }


def _detail_pages() -> list[tuple[str, str]]:
    """The provider with the most units and one of its units: the heaviest detail pages."""
    from django.db.models import Count

    from insyn.registry.models import Provider

    provider = (
        Provider.objects.exclude(operation_form="own")
        .annotate(n=Count("units"))
        .order_by("-n", "pk")
        .first()
    )
    unit = provider.units.order_by("pk").first()
    return [
        (f"provider detail ({provider.n} units)", f"/register/utforare/{provider.pk}/"),
        ("unit detail", f"/register/verksamheter/{unit.pk}/"),
    ]


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _provider_pages(ids) -> list[tuple[str, str]]:
    base = "/register/utforare/"
    return [
        ("provider list, no filter", base),
        ("provider list, search 'omsorg'", _url(base, q="omsorg")),
        ("provider list, search org.nr prefix '5565'", _url(base, q="5565")),
        (
            "provider list, HVB barn + vacancies",
            _url(base, category=ids["hvb"], has_vacancies="true"),
        ),
        ("provider list, framework = yes", _url(base, framework="true")),
        ("provider list, district", _url(base, district=ids["district"])),
        (
            "provider list, search + framework + by city, page 2",
            _url(base, q="vård", framework="true", ordering="city", page=2),
        ),
    ]


def _unit_pages(ids) -> list[tuple[str, str]]:
    base = "/register/verksamheter/"
    return [
        (
            "unit list, LSS + vacancies + permit",
            _url(base, category=ids["lss"], has_vacancies="true", has_permit="true"),
        ),
        ("unit list, search 'hvb' + district", _url(base, q="hvb", district=ids["district"])),
    ]


def _api_pages(ids) -> list[tuple[str, str]]:
    pages = [
        ("API providers, no filter", "/api/v1/providers/"),
        (
            "API providers, HVB barn + vacancies",
            _url("/api/v1/providers/", category=ids["hvb"], has_vacancies="true"),
        ),
        (
            "API providers, org_number without dash",
            _url("/api/v1/providers/", org_number=ids["org_number"].replace("-", "")),
        ),
        ("API units, framework = yes", _url("/api/v1/units/", framework="true")),
    ]
    return [(name, url) for name, url in pages if _routed(url)]


def _routed(url: str) -> bool:
    try:
        resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def query_pages(ctx: BenchContext) -> list[tuple[str, str]]:
    ids = _ids()
    pages = _provider_pages(ids)
    return [
        pages[0],
        pages[3],
        pages[6],
        *_unit_pages(ids)[:1],
        *[p for p in _api_pages(ids) if p[0] != "API providers, org_number without dash"],
        # The largest provider grows with the register: its page must not add queries.
        *[("largest provider detail" if "provider" in n else n, u) for n, u in _detail_pages()],
    ]


def run(ctx: BenchContext) -> list[Result]:
    ids = _ids()
    results = [
        ctx.measure(name, url, goal_ms=LIST_GOAL_MS)
        for name, url in _provider_pages(ids) + _unit_pages(ids)
    ]
    # Issue 2 sets no goal for detail pages; shown for comparison.
    results += [ctx.measure(name, url, goal_ms=None) for name, url in _detail_pages()]
    api = _api_pages(ids)
    if api:
        results += [ctx.measure(name, url, goal_ms=LIST_GOAL_MS) for name, url in api]
    else:
        results.append(Result("API lists", note="skipped: /api/v1/providers/ is not routed yet"))
    results += _import(ctx)
    return results


# -- import ----------------------------------------------------------------------------------


def _import(ctx: BenchContext) -> list[Result]:
    if not find_spec("insyn.registry.io.importer"):
        return [Result("XLSX import", note="skipped: insyn.registry.io.importer does not exist")]
    from insyn.registry.io.importer import import_file

    rows = max(100, round(IMPORT_ROWS * ctx.scale))
    name = f"import {rows} rows XLSX"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "utforare.xlsx"
        providers = write_import_file(ctx, path, rows)
        size_kb = path.stat().st_size // 1024
        user = ctx.user("controller")
        outcome = {}

        def dry_run():
            outcome["dry"] = import_file(path, user, dry_run=True)

        def store():
            # Rolled back afterwards, so the register stays the same size for the next run.
            with transaction.atomic():
                outcome["stored"] = import_file(path, user)
                transaction.set_rollback(True)

        preview = ctx.time_once(f"{name}, preview (dry run)", dry_run, goal_ms=IMPORT_GOAL_MS)
        stored = ctx.time_once(f"{name}, stored", store, goal_ms=IMPORT_GOAL_MS)
    # The rolled-back import left thousands of dead rows in the register's tables.
    ctx.analyze()
    for result, key in ((preview, "dry"), (stored, "stored")):
        got = outcome[key]
        if got.ok:
            result.note = f"{providers} new providers, {size_kb} kB; {got.summary()}"
        else:
            result.ok = False
            result.note = f"rejected: {len(got.problems)} problems, first: {got.problems[0]}"
    return [preview, stored]


def write_import_file(ctx: BenchContext, path: Path, rows: int) -> int:
    """An XLSX in the import template's columns: `rows` units of new providers."""
    from openpyxl import Workbook

    from insyn.registry import demo as registry_demo
    from insyn.registry.io.columns import SHEET_TITLES, UNIT_SHEET_COLUMNS
    from insyn.registry.io.constants import SheetKind

    demo = ctx.demo_context(seed=9_000)
    units = registry_demo.unsaved_units(demo, providers=max(1, rows * 2 // 5), units=rows)
    columns = [c for c in UNIT_SHEET_COLUMNS if not c.optional_column]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLES[SheetKind.UNITS])
    sheet.append([c.header for c in columns])
    for unit in units:
        sheet.append([_cell(unit.provider if c.owner == "provider" else unit, c) for c in columns])
    book.save(path)
    return len({id(u.provider) for u in units})


def _cell(obj, column):
    value = getattr(obj, column.key, None)
    if value is None:
        return None
    if column.type == "bool":
        return "Ja" if value else "Nej"
    if column.type == "choice":
        return dict(obj._meta.get_field(column.key).choices)[value]
    if column.type == "ref":
        return value.name
    return value

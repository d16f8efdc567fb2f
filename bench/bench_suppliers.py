"""Supplier checks: parsing a K2 iXBRL annual report, and the dossier with the provider's
checks and five years of key figures (issue 13). The refresh of 5,000 providers against
the local fake registers is not measured yet."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal
from pathlib import Path

from bench.harness import BenchContext, Result, percentile

K2 = Path(__file__).resolve().parent.parent / "insyn/suppliers/tests/data/k2_2025.xhtml"
PARSE_GOAL_MS = 200
DOSSIER_GOAL_MS = 150


def _unit_with_checks():
    from insyn.registry.models import Unit
    from insyn.suppliers.constants import FigureOrigin
    from insyn.suppliers.models import AnnualReport, IvoDecision

    unit = Unit.objects.filter(active=True).order_by("pk").first()
    if unit is None:
        return None
    for year in range(2021, 2026):
        AnnualReport.objects.get_or_create(
            provider=unit.provider,
            period_end=dt.date(year, 12, 31),
            defaults={
                "period_start": dt.date(year, 1, 1),
                "origin": FigureOrigin.REGISTER,
                "equity": Decimal(-1000 * year),
                "share_capital": Decimal(100_000),
                "total_assets": Decimal(2_000_000),
                "net_result": Decimal(-5000),
            },
        )
    IvoDecision.objects.get_or_create(
        provider=unit.provider,
        reference="bench-1",
        defaults={"kind": "injunction", "decided_on": dt.date.today() - dt.timedelta(days=30)},
    )
    return unit


def query_pages(ctx: BenchContext) -> list[tuple[str, str]]:
    unit = _unit_with_checks()
    if unit is None:
        return []
    return [
        ("Dossier med leverantörskontroll", f"/uppfoljning/verksamhet/{unit.pk}/"),
        ("Leverantörskontroll", f"/leverantorskontroll/utforare/{unit.provider_id}/"),
    ]


def run(ctx: BenchContext) -> list[Result]:
    from insyn.suppliers.ixbrl import parse

    content = K2.read_bytes()
    parse(content)  # warm-up: imports, lxml
    timings = []
    for _ in range(max(ctx.requests, 10)):
        started = time.perf_counter()
        report = parse(content)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = percentile(timings, 0.95)
    results = [
        Result(
            "iXBRL-tolkning av K2-årsredovisning",
            median_ms=statistics.median(timings),
            p95_ms=p95,
            goal=f"p95 < {PARSE_GOAL_MS} ms",
            note=f"{report.facts} fakta",
            ok=p95 < PARSE_GOAL_MS,
        )
    ]
    for name, url in query_pages(ctx)[:1]:
        results.append(ctx.measure(name, url, goal_ms=DOSSIER_GOAL_MS))
    return results

"""Supplier checks: parsing a K2 iXBRL annual report, the dossier with the provider's
checks and five years of key figures, and the nightly refresh of `size(5000)` providers
(5,000 at --scale 1, 50 at --scale 0.01) against the local fake registers answering with a
realistic 100 ms latency per call (issue 13)."""

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
REFRESH_PROVIDERS = 5_000  # at --scale 1
LATENCY_S = 0.1  # per call to a fake register
# The refresh may take at most this much longer than its floor (below), and hold at most
# this much traced memory however many providers it checks.
REFRESH_SLACK = 1.25
REFRESH_MEMORY_MB = 64


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
    results.append(refresh(ctx))
    return results


def _fake_for(providers):
    """The fake registers, knowing every provider as registered, with F-skatt, VAT and
    employer registration and no IVO decisions or documents (no red flags: the bench
    measures the calls and writes, not the notifications)."""
    from stdnum.se import orgnr

    from insyn.suppliers.tests.fake_registers import FakeRegisters

    fake = FakeRegisters()
    fake.delay = LATENCY_S
    for number in providers:
        digits = orgnr.compact(number)
        fake.organisations[digits] = {
            "identitetsbeteckning": digits,
            "organisationsnamn": "Bench AB",
            "status": {"kod": "registrerad", "datum": None},
            "styrelseAndradDatum": None,
        }
        fake.registrations[digits] = {"fskatt": True, "moms": True, "arbetsgivare": True}
    return fake.start()


def refresh(ctx: BenchContext) -> Result:
    """The refresh loop of `manage.py supplier_checks` (chunks of 50, a thread pool of
    CONCURRENCY workers, writes in the main thread) over N providers.

    Its floor: each service is rate-limited to one call per `min_interval` and each call
    takes LATENCY_S, shared by CONCURRENCY workers, so a service with c calls needs at
    least c × max(min_interval, LATENCY_S / CONCURRENCY); the slowest service is the floor
    (Bolagsverket: two calls per provider). Goal: within REFRESH_SLACK × the floor, never
    more than CONCURRENCY calls in flight, traced memory under REFRESH_MEMORY_MB."""
    import tracemalloc

    from django.conf import settings
    from django.test import override_settings
    from django.utils import timezone

    from insyn.registry.models import Provider
    from insyn.suppliers import conf
    from insyn.suppliers.management.commands.supplier_checks import _chunks
    from insyn.suppliers.refresh import Outcome, build_sources, refresh_many

    n = ctx.size(REFRESH_PROVIDERS)
    ids = list(Provider.objects.order_by("pk").values_list("pk", flat=True)[:n])
    numbers = Provider.objects.filter(pk__in=ids).values_list("org_number", flat=True)
    fake = _fake_for(numbers)
    suppliers = {
        **settings.INSYN.get("SUPPLIERS", {}),
        "SOURCE_URLS": {s: fake.url(s) for s in ("bolagsverket", "skatteverket", "ivo")},
    }
    try:
        with override_settings(INSYN={**settings.INSYN, "SUPPLIERS": suppliers}):
            http, workers = conf.get("HTTP"), conf.get("CONCURRENCY")
            sources = build_sources()
            today = timezone.localdate()
            outcome = Outcome()
            tracemalloc.start()
            started = time.perf_counter()
            providers = Provider.objects.filter(pk__in=ids).iterator(chunk_size=200)
            for chunk in _chunks(providers, 50):
                refresh_many(chunk, sources, today, workers, outcome)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        fake.stop()
    per_call = max(http["min_interval"], LATENCY_S / workers)
    floor = 2 * len(ids) * per_call  # Bolagsverket: organisation + document list
    peak_mb = peak / 1024 / 1024
    ok = (
        elapsed <= REFRESH_SLACK * floor + 1
        and fake.max_in_flight <= workers
        and peak_mb < REFRESH_MEMORY_MB
        and not outcome.failures
        and outcome.checked == len(ids)
    )
    return Result(
        f"Nattlig kontroll av {len(ids):,} utförare".replace(",", " ")
        + f" (fejkregister, {LATENCY_S * 1000:.0f} ms/anrop)",
        median_ms=elapsed * 1000,
        goal=f"< {REFRESH_SLACK} × golvet {floor:.0f} s; ≤ {workers} anrop samtidigt; "
        f"< {REFRESH_MEMORY_MB} MB",
        note=f"{len(fake.calls)} anrop, högst {fake.max_in_flight} samtidigt över "
        f"{len(sources)} källor, topp {peak_mb:.1f} MB, {len(outcome.failures)} fel; "
        f"{len(ids) / elapsed:.1f} utförare/s",
        ok=ok,
    )

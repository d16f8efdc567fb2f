"""Feedback: the district list with filters, the API list, and the unit page's summary.

Fills `FULL_ITEMS` × scale feedback items (500,000 at --scale 1, issue 4) with bulk_create
over the register's units, in every status and over four years, and measures as the demo
coordinator (`samordnare`, district-scoped: the heaviest visibility rule) and the controller.
"""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlencode

from bench.harness import BenchContext, Result

FULL_ITEMS = 500_000
FULL_UNITS = 50_000
LIST_GOAL_MS = 200
UNIT_GOAL_MS = 150
BATCH = 5_000


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def fill(ctx: BenchContext) -> int:
    from django.utils import timezone

    from insyn.accounts.models import User
    from insyn.feedback.constants import Concern, Kind, Severity, Source, Status
    from insyn.feedback.models import FeedbackItem
    from insyn.registry.models import Unit

    # In proportion to the register filled so far (a tenth while query counts are taken), so
    # the items end up spread over all units, ten per unit as at full size.
    units_now = Unit.objects.count()
    target = round(ctx.size(FULL_ITEMS) * min(1.0, units_now / ctx.size(FULL_UNITS)))
    have = FeedbackItem.objects.count()
    if have >= target:
        return have
    # Top up instead of deleting: a Django delete of many rows runs the cascade collector and
    # auditlog's per-row signal (minutes); a flushed register has emptied this table anyway.
    rng = random.Random(2026)  # noqa: S311 - bench data
    units = list(Unit.objects.values_list("pk", "provider_id", "district_id"))
    registrants = list(User.objects.exclude(role="provider").values_list("pk", "org_unit_id"))
    today = timezone.localdate()
    statuses = Status.values
    kinds, concerns = Kind.values, Concern.values
    made = have
    while made < target:
        batch = []
        for _ in range(min(BATCH, target - made)):
            unit_id, provider_id, district_id = rng.choice(units)
            user_id, org_unit_id = rng.choice(registrants)
            received = today - dt.timedelta(days=rng.randint(0, 4 * 365))
            batch.append(
                FeedbackItem(
                    provider_id=provider_id,
                    unit_id=unit_id,
                    district_id=district_id or org_unit_id,
                    kind=rng.choice(kinds),
                    source=rng.choice(Source.values),
                    concern=rng.choice(concerns),
                    severity=rng.choice(Severity.values),
                    received_on=received,
                    due_on=received + dt.timedelta(days=28),
                    text="Brukaren 850709-9805 upplevde ett dåligt bemötande vid middagen.",
                    status=rng.choice(statuses),
                    registered_by_id=user_id,
                )
            )
        FeedbackItem.objects.bulk_create(batch, batch_size=BATCH)
        made += len(batch)
        if made % 100_000 < BATCH:
            ctx.log(f"feedback: {made}/{target}")
    _analyze()
    return made


def _analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) feedback_feedbackitem")


def _pages(ctx: BenchContext) -> dict:
    from insyn.feedback.models import FeedbackItem

    coordinator = ctx.user("coordinator")
    district = coordinator.org_unit_id or ""
    unit_id = (
        FeedbackItem.objects.filter(unit__district_id=district).values_list("unit_id", flat=True)[
            :1
        ]
        or FeedbackItem.objects.values_list("unit_id", flat=True)[:1]
    )
    unit_id = unit_id[0] if unit_id else None
    since = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    base = "/synpunkter/"
    return {
        "coordinator": [
            ("feedback list, own district, no filter", base),
            (
                "feedback list, district: complaints, open, last 12 months",
                _url(base, kind="complaint", open="true", received_from=since),
            ),
            ("feedback list, district: past target", _url(base, overdue="true")),
            (
                "feedback list, district: bemötande, page 3",
                _url(base, concern="treatment", page=3),
            ),
        ],
        "controller": [
            (
                "feedback list, controller: one district + serious",
                _url(base, district=district, severity="serious"),
            ),
            (
                "API feedback, complaints open",
                _url("/api/v1/feedback/", kind="complaint", open="true"),
            ),
            ("start page with alerts and items past target", "/"),
        ]
        + (
            [("unit page with feedback summary", f"/register/verksamheter/{unit_id}/")]
            if unit_id
            else []
        ),
    }


def query_pages(ctx: BenchContext) -> list[tuple[str, str]]:
    fill(ctx)
    return [(name, url) for name, url in _pages(ctx)["controller"]]


def run(ctx: BenchContext) -> list[Result]:
    from insyn.ratings.services import refresh_answer_rate_days

    count = fill(ctx)
    # The start page's answer rates read what the nightly job counted, as in production.
    refresh_answer_rate_days()
    note = f"{count:,} feedback items".replace(",", " ")
    results = []
    pages = _pages(ctx)
    for role, rows in pages.items():
        for name, url in rows:
            goal = UNIT_GOAL_MS if name.startswith(("unit page", "start page")) else LIST_GOAL_MS
            results.append(ctx.measure(name, url, goal_ms=goal, role=role, note=note))
    return results

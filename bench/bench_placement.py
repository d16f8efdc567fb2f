"""Placement and ratings: the recommendation search and a unit page with its rating summary.

Fills `FULL_RATINGS` × scale ratings (2 million at --scale 1, issue 4), each with its
placement, over four years and the register's units (answers per question are left out: the
search and the unit page read only `Rating.score`), and measures as the demo placement
officer (`placering`) and the controller.
"""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlencode

from bench.harness import BenchContext, Result

FULL_RATINGS = 2_000_000
SEARCH_GOAL_MS = 150
UNIT_GOAL_MS = 150
BATCH = 5_000


def fill(ctx: BenchContext) -> int:
    from django.db import transaction
    from django.utils import timezone

    from insyn.accounts.models import User
    from insyn.ratings import scoring
    from insyn.ratings.models import Placement, Rating, RatingAnswer
    from insyn.ratings.services import ensure_default_questionnaire
    from insyn.registry.models import Unit

    # In proportion to the register (the harness counts queries at a tenth of it first).
    full_units = ctx.size(50_000)
    target = max(1, round(ctx.size(FULL_RATINGS) * min(1, Unit.objects.count() / full_units)))
    have = Rating.objects.count()
    if have >= target:
        return have
    if have or Placement.objects.exists():
        # Raw deletes: the ORM's delete() would send a signal (and write an auditlog entry)
        # per row, which takes hours for millions of rows.
        for model in (RatingAnswer, Rating, Placement):
            model.objects.all()._raw_delete(model.objects.db)
    rng = random.Random(2026)  # noqa: S311 - bench data
    questionnaire = ensure_default_questionnaire()  # flush removed the migration's rows
    units = list(Unit.objects.values_list("pk", "category_id", "district_id"))
    # Ratings go to a third of the units, unevenly (the seed: ~200 of 700–900 are rated).
    rated = rng.sample(units, k=max(1, len(units) // 3))
    quality = {pk: rng.randint(8, 20) for pk, _, _ in rated}
    workers = list(User.objects.filter(role="case_worker").values_list("pk", "org_unit_id"))
    fallback_district = next((d for _, d in workers if d), None)
    today = timezone.localdate()
    made = 0
    while made < target:
        n = min(BATCH, target - made)
        placements, plans = [], []
        for i in range(n):
            unit_id, category_id, district_id = rng.choice(rated)
            worker_id, worker_district = rng.choice(workers)
            start = today - dt.timedelta(days=rng.randint(61, 4 * 365))
            placements.append(
                Placement(
                    case_reference=f"B-{made + i:07d}",
                    unit_id=unit_id,
                    district_id=worker_district or district_id or fallback_district,
                    case_worker_id=worker_id,
                    start_date=start,
                    category_id=category_id,
                    rating_due_on=start + dt.timedelta(days=60),
                )
            )
            points = max(5, min(20, quality[unit_id] + rng.randint(-3, 3)))
            plans.append((points, start + dt.timedelta(days=60 + rng.randint(0, 30))))
        with transaction.atomic():
            Placement.objects.bulk_create(placements, batch_size=BATCH)
            Rating.objects.bulk_create(
                [
                    Rating(
                        placement_id=p.pk,
                        unit_id=p.unit_id,
                        questionnaire_id=questionnaire.pk,
                        submitted_by_id=p.case_worker_id,
                        submitted_on=min(today, day),
                        points_total=points,
                        max_points=20,
                        score=scoring.score([points], 20),
                    )
                    for p, (points, day) in zip(placements, plans, strict=True)
                ],
                batch_size=BATCH,
            )
        made += n
        if made % 100_000 < BATCH:
            ctx.log(f"ratings: {made}/{target}")
    _analyze()
    return made


def _analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) ratings_rating")
            cursor.execute("VACUUM (ANALYZE) ratings_placement")


def _pages() -> list[tuple[str, str, str, int]]:
    from django.db.models import Count
    from django.utils import timezone

    from insyn.ratings.models import Rating
    from insyn.registry.models import Category

    start = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    categories = {c.code: c.pk for c in Category.objects.all()}
    hvb = categories.get("hvb-barn") or next(iter(categories.values()))
    lss = categories.get("lss-boende") or hvb
    busiest = Rating.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    search = "/placering/"
    pages = [
        (
            "recommendation search: HVB barn 14–16, focus, max price",
            _url(
                search,
                category=hvb,
                age_min=14,
                age_max=16,
                focus="missbruk",
                start_date=start,
                max_price="4500",
            ),
            "placement_officer",
            SEARCH_GOAL_MS,
        ),
        (
            "recommendation search: LSS, no other criteria",
            _url(search, category=lss, start_date=start),
            "placement_officer",
            SEARCH_GOAL_MS,
        ),
        (
            "API recommendation search: HVB barn, girls 15",
            _url(
                "/api/v1/recommendations/search/",
                category=hvb,
                age_min=15,
                age_max=15,
                gender="female",
                start_date=start,
            ),
            "placement_officer",
            SEARCH_GOAL_MS,
        ),
    ]
    pages.append(("start page with answer rates", "/", "controller", UNIT_GOAL_MS))
    if busiest.get("unit_id"):
        pages.append(
            (
                f"unit page with rating summary ({busiest['n']} ratings)",
                f"/register/verksamheter/{busiest['unit_id']}/",
                "controller",
                UNIT_GOAL_MS,
            )
        )
    return pages


def _url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


def query_pages(ctx: BenchContext) -> list[tuple[str, str]]:
    # Counted as the controller, who may not search: only the unit page is counted here.
    fill(ctx)
    return [(name, url) for name, url, role, _ in _pages() if role == "controller"]


def run(ctx: BenchContext) -> list[Result]:
    from insyn.ratings.queries import rating_means
    from insyn.ratings.services import refresh_answer_rate_days, refresh_rating_summaries
    from insyn.registry.models import Unit

    count = fill(ctx)
    note = f"{count:,} ratings".replace(",", " ")
    # The nightly jobs production runs (`manage.py refresh_rating_summaries`), timed too.
    results = [
        ctx.time_once(
            "refresh_rating_summaries (nightly job)",
            refresh_rating_summaries,
            goal_ms=None,
            note=note,
        ),
        ctx.time_once(
            "refresh_answer_rate_days (nightly job)",
            refresh_answer_rate_days,
            goal_ms=None,
            note=note,
        ),
    ]
    results += [
        ctx.measure(name, url, goal_ms=goal, role=role, note=note)
        for name, url, role, goal in _pages()
    ]
    ids = list(Unit.objects.values_list("pk", flat=True)[:5000])
    results.append(
        ctx.time_once(
            "rating_means for 5 000 units (risk score seam)",
            lambda: rating_means(ids),
            goal_ms=2000,
            note=note,
        )
    )
    return results

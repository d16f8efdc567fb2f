"""Reads of placements and ratings, scoped to the user, and the aggregated unit ratings.

Public face for other apps (risk score, ranking): `rating_means`, `summaries_current`,
`summary_mean`, `with_rating_summary`; supplier checks: `placed_provider_ids`.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.utils import timezone

from insyn.accounts.predicates import is_municipal, sees_all_placements

from . import scoring
from .constants import PlacementStatus
from .models import Placement, Rating, RatingAnswer


def rating_means(unit_ids, today: dt.date | None = None) -> dict[int, tuple[Decimal | None, int]]:
    """{unit_id: (mean score 0–100 or None below the minimum count, count)} over the
    configured window, for every id asked for (units without ratings get (None, 0)).

    `unit_ids` may also be a queryset of unit pks (used as a subquery; then only units with
    ratings are in the result — callers use .get(pk, (None, 0)))."""
    if isinstance(unit_ids, QuerySet):
        ids, result = unit_ids, {}
    else:
        ids = list(unit_ids)
        result = dict.fromkeys(ids, (None, 0))
        if not ids:
            return result
    today = today or timezone.localdate()
    rows = (
        Rating.objects.filter(unit_id__in=ids, submitted_on__gte=scoring.window_start(today))
        .order_by()
        .values("unit_id")
        .annotate(mean=Avg("score"), n=Count("pk"))
    )
    for row in rows:
        result[row["unit_id"]] = scoring.shown_mean(row["mean"], row["n"])
    return result


def question_means(unit_ids, today: dt.date | None = None) -> list[dict]:
    """Mean points per question text over the window, pooled for the given units; empty
    when the pooled count is below the minimum (same rule as the mean)."""
    ids = list(unit_ids)
    today = today or timezone.localdate()
    ratings = Rating.objects.filter(unit_id__in=ids, submitted_on__gte=scoring.window_start(today))
    if scoring.shown_mean(Decimal(0), ratings.count())[0] is None:
        return []  # below the minimum count: hidden like the mean
    rows = (
        RatingAnswer.objects.filter(rating__in=ratings)
        .order_by()
        .values("question__text", "question__order")
        .annotate(mean=Avg("points"), n=Count("pk"))
        .order_by("question__order", "question__text")
    )
    return [
        {
            "question": row["question__text"],
            "mean": Decimal(row["mean"]).quantize(Decimal("0.1")),
            "count": row["n"],
        }
        for row in rows
    ]


def placed_provider_ids(since: dt.date, today: dt.date) -> set[int]:
    """Providers with a unit used in a placement between `since` and `today`: a placement
    that started on or before today and had not ended before `since` (cancelled ones do not
    count). Example, since 2025-12-02: a placement 2025-03-01–2026-01-15 counts, one that
    ended 2025-11-30 does not."""
    rows = (
        Placement.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("unit__provider_id", flat=True)
        .distinct()
    )
    return set(rows)


def running_placement_counts(unit_ids, today: dt.date) -> dict[int, int]:
    """{unit id: clients placed there today}: placements started on or before today and not
    ended before it, cancelled ones not counted; `unit_ids` None counts every unit. The risk
    score's "number of clients" (seeds: the clients actually placed, not the places)."""
    rows = (
        Placement.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .exclude(status=PlacementStatus.CANCELLED)
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return dict(rows.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))


def placements_for(user) -> QuerySet[Placement]:
    """Every placement for those who see all placements; a case worker (and anyone else
    municipal) the ones they ordered and those of their own district."""
    if not is_municipal(user):
        return Placement.objects.none()
    qs = Placement.objects.all()
    if sees_all_placements(user):
        return qs
    scope = Q(case_worker=user)
    if user.org_unit_id:
        scope |= Q(district_id=user.org_unit_id)
    return qs.filter(scope)


def rating_tasks_for(user, today: dt.date | None = None) -> QuerySet[Placement]:
    """Placements the user ordered that are due for rating and not yet rated."""
    if not is_municipal(user):
        return Placement.objects.none()
    today = today or timezone.localdate()
    return (
        Placement.objects.filter(case_worker=user, rating_due_on__lte=today, rating__isnull=True)
        .exclude(status=PlacementStatus.CANCELLED)
        .select_related("unit", "unit__provider", "district")
        .order_by("rating_due_on", "pk")
    )


def current_since(today: dt.date) -> dt.date:
    """Nightly summaries (`UnitRatingSummary`, `AnswerRateDay`) are read when they were
    rebuilt on this day or later: today or yesterday; older, readers count exactly."""
    return today - dt.timedelta(days=1)


def answer_rates(today: dt.date | None = None, since: dt.date | None = None) -> list[dict]:
    """Per ordering district: placements due for rating (due date in [since, today]),
    how many are rated, and the answer rate in percent (None when nothing is due).

    Summed from the nightly `AnswerRateDay` rows when they are current (refreshed today or
    yesterday, see `answer_rates_counted_on()`), else counted exactly from placements and
    ratings.
    """
    from .models import AnswerRateDay

    today = today or timezone.localdate()
    since = since or scoring.window_start(today)
    # One query when the nightly rows are current: stale rows are filtered out, and nothing
    # found (stale, or nothing due) is counted exactly, which is cheap when nothing is due.
    rows = list(
        AnswerRateDay.objects.filter(
            refreshed_on__gte=current_since(today), due_on__lte=today, due_on__gte=since
        )
        .values("district_id", "district__name")
        .annotate(due=Sum("due"), answered=Sum("answered"))
        .order_by("district__name")
    ) or list(
        Placement.objects.filter(rating_due_on__lte=today, rating_due_on__gte=since)
        .exclude(status=PlacementStatus.CANCELLED)
        .order_by()
        .values("district_id", "district__name")
        .annotate(due=Count("pk"), answered=Count("rating"))
        .order_by("district__name")
    )
    return [
        {
            "district_id": row["district_id"],
            "district": row["district__name"],
            "due": row["due"],
            "answered": row["answered"],
            "rate": percent(row["answered"], row["due"]),
        }
        for row in rows
    ]


def answer_rates_counted_on(today: dt.date | None = None) -> dt.date | None:
    """The night the per-district answer counts were last rebuilt, when that was today or
    yesterday; None when they are older (answer_rates() then counts exactly)."""
    from .models import AnswerRateDay

    today = today or timezone.localdate()
    return (
        AnswerRateDay.objects.filter(refreshed_on__gte=current_since(today))
        .order_by("-refreshed_on")
        .values_list("refreshed_on", flat=True)
        .first()
    )


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def summaries_current(today: dt.date | None = None) -> bool:
    """The daily `UnitRatingSummary` rows were refreshed today or yesterday.

    A category can hold thousands of units with millions of ratings between them; the
    summaries let the recommendation search read one row per unit. At most one day of window
    movement is not yet reflected, which a placement officer cannot notice. When they are
    older (the nightly job has not run), readers use the exact `rating_means()`.
    """
    from .models import UnitRatingSummary

    today = today or timezone.localdate()
    return UnitRatingSummary.objects.filter(refreshed_on__gte=current_since(today)).exists()


def with_rating_summary(units: QuerySet) -> QuerySet:
    """Annotate `rating_sum` and `rating_count` from the summaries, in the units' own query
    (NULL for units without ratings); `summary_mean()` turns them into the shown rating."""
    return units.annotate(
        rating_sum=F("rating_summary__score_sum"), rating_count=F("rating_summary__count")
    )


def summary_mean(total, count, min_count: int | None = None) -> tuple[Decimal | None, int]:
    """The shown mean (None below the minimum count) and count from a summary's columns.
    Callers converting thousands of rows pass `min_count` (the setting) once."""
    if not count:
        return None, 0
    return scoring.shown_mean(total / count, count, min_count)

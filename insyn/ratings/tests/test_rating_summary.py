import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from insyn.ratings.models import UnitRatingSummary
from insyn.ratings.queries import rating_means, rating_means_for_search
from insyn.ratings.services import refresh_rating_summaries
from insyn.registry.models import Unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def rated_unit(unit):
    from insyn.ratings.tests.factories import RatingFactory

    for score in ("80.0", "60.0", "70.0"):
        RatingFactory(
            placement__unit=unit, score=Decimal(score), submitted_on=TODAY - dt.timedelta(days=10)
        )
    RatingFactory(placement__unit=unit, score=Decimal("0.0"), submitted_on=dt.date(2020, 1, 1))
    return unit


def test_refresh_counts_only_the_window(rated_unit):
    assert refresh_rating_summaries(TODAY) == 1
    summary = UnitRatingSummary.objects.get(unit=rated_unit)
    assert (summary.score_sum, summary.count) == (Decimal("210.0"), 3)


def test_search_means_equal_the_exact_means_when_current(rated_unit):
    refresh_rating_summaries(TODAY)
    units = Unit.objects.filter(pk=rated_unit.pk).values("pk")
    assert rating_means_for_search(units, TODAY) == rating_means(units, TODAY)
    assert rating_means_for_search(units, TODAY)[rated_unit.pk] == (Decimal("70.0"), 3)


def test_stale_summaries_fall_back_to_the_exact_aggregate(rated_unit):
    refresh_rating_summaries(TODAY - dt.timedelta(days=5))
    UnitRatingSummary.objects.update(score_sum=Decimal("999"))  # would be visible if read
    units = Unit.objects.filter(pk=rated_unit.pk).values("pk")
    assert rating_means_for_search(units, TODAY)[rated_unit.pk] == (Decimal("70.0"), 3)


def test_a_submitted_rating_bumps_the_summary(rated_unit):
    from insyn.ratings.services import ensure_default_questionnaire, submit_rating
    from insyn.ratings.tests.factories import PlacementFactory

    refresh_rating_summaries(TODAY)
    placement = PlacementFactory(unit=rated_unit, start_date=TODAY - dt.timedelta(days=90))
    questionnaire = ensure_default_questionnaire()
    answers = {
        q.pk: max(q.alternatives.all(), key=lambda a: a.points).pk
        for q in questionnaire.questions.all()
    }
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)):
        submit_rating(placement, placement.case_worker, answers, today=TODAY)
    summary = UnitRatingSummary.objects.get(unit=rated_unit)
    assert (summary.score_sum, summary.count) == (Decimal("310.0"), 4)

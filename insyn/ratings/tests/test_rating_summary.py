import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from insyn.ratings.models import UnitRatingSummary
from insyn.ratings.queries import (
    rating_means,
    summaries_current,
    summary_mean,
    with_rating_summary,
)
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


def summary_means(units):
    return {
        pk: summary_mean(total, count)
        for pk, total, count in with_rating_summary(units).values_list(
            "pk", "rating_sum", "rating_count"
        )
    }


def test_summary_means_equal_the_exact_means_when_current(rated_unit, other_unit):
    refresh_rating_summaries(TODAY)
    assert summaries_current(TODAY)
    units = Unit.objects.filter(pk__in=[rated_unit.pk, other_unit.pk])
    assert summary_means(units) == rating_means([rated_unit.pk, other_unit.pk], TODAY)
    assert summary_means(units)[rated_unit.pk] == (Decimal("70.0"), 3)
    assert summary_means(units)[other_unit.pk] == (None, 0)


def test_summaries_refreshed_before_yesterday_are_not_current(rated_unit):
    refresh_rating_summaries(TODAY - dt.timedelta(days=1))
    assert summaries_current(TODAY)
    refresh_rating_summaries(TODAY - dt.timedelta(days=2))
    assert not summaries_current(TODAY)


def test_search_falls_back_to_the_exact_means_when_summaries_are_stale(rated_unit, settings):
    from insyn.accounts.tests.factories import UserFactory
    from insyn.placement.queries import search
    from insyn.placement.ranking import Need

    refresh_rating_summaries(TODAY - dt.timedelta(days=5))
    UnitRatingSummary.objects.update(score_sum=Decimal("999"))  # would be visible if read
    officer = UserFactory(placement_officer=True)
    need = Need(category_id=rated_unit.category_id, start_date=TODAY)
    rows = search(officer, need, today=TODAY)
    assert (rows[0].rating, rows[0].rating_count) == (Decimal("70.0"), 3)
    refresh_rating_summaries(TODAY)
    UnitRatingSummary.objects.update(score_sum=Decimal("240.0"))  # now read: 80.0
    rows = search(officer, need, today=TODAY)
    assert (rows[0].rating, rows[0].rating_count) == (Decimal("80.0"), 3)


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

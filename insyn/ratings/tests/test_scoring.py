import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from insyn.ratings import scoring
from insyn.ratings.queries import rating_means
from insyn.ratings.tests.factories import RatingFactory


def test_score_is_points_as_percent_of_maximum():
    # 4+3+3+4+2 = 16 of 5×4 = 20 -> 80.0
    assert scoring.score([4, 3, 3, 4, 2], 20) == Decimal("80.0")
    # 1+1+1+1+2 = 6 of 20 -> 30.0 ; 2+2+3+3+3 = 13 of 20 -> 65.0
    assert scoring.score([1, 1, 1, 1, 2], 20) == Decimal("30.0")
    # 7 of 15 = 46.666… -> 46.7 (half-up to one decimal)
    assert scoring.score([3, 2, 2], 15) == Decimal("46.7")


def test_aggregate_hides_mean_below_minimum_count():
    assert scoring.aggregate([Decimal("80"), Decimal("60")], min_count=3) == (None, 2)
    assert scoring.aggregate([Decimal("80"), Decimal("60"), Decimal("65")], min_count=3) == (
        Decimal("68.3"),
        3,
    )
    assert scoring.aggregate([], min_count=3) == (None, 0)


def test_months_back_clamps_to_month_end():
    assert scoring.months_back(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert scoring.months_back(dt.date(2026, 11, 24), 36) == dt.date(2023, 11, 24)


@pytest.mark.django_db
@time_machine.travel(dt.date(2026, 11, 24), tick=False)
def test_rating_means_counts_only_the_window_and_applies_minimum(unit, other_unit, settings):
    settings.INSYN = {
        **settings.INSYN,
        "RATINGS": {"RATING_WINDOW_MONTHS": 36, "RATING_MIN_COUNT": 3},
    }
    for value, day in [
        ("80.0", dt.date(2026, 1, 10)),
        ("60.0", dt.date(2025, 6, 1)),
        ("70.0", dt.date(2023, 11, 24)),  # first day in the window: counted
        ("10.0", dt.date(2023, 11, 23)),  # one day too old: ignored
    ]:
        RatingFactory(placement__unit=unit, score=Decimal(value), submitted_on=day)
    RatingFactory(placement__unit=other_unit, score=Decimal("90.0"))
    RatingFactory(placement__unit=other_unit, score=Decimal("50.0"))

    means = rating_means([unit.pk, other_unit.pk, 999999])

    assert means[unit.pk] == (Decimal("70.0"), 3)
    assert means[other_unit.pk] == (None, 2)  # two ratings: hidden
    assert means[999999] == (None, 0)


@pytest.mark.django_db
def test_minimum_count_is_configurable(unit, settings):
    settings.INSYN = {**settings.INSYN, "RATINGS": {"RATING_MIN_COUNT": 1}}
    RatingFactory(placement__unit=unit, score=Decimal("55.0"))
    assert rating_means([unit.pk])[unit.pk] == (Decimal("55.0"), 1)


@pytest.mark.django_db
def test_default_questionnaire_is_recreated_after_flush():
    from insyn.ratings.models import RatingQuestionnaire
    from insyn.ratings.services import ensure_default_questionnaire

    RatingQuestionnaire.objects.all().delete()
    questionnaire = ensure_default_questionnaire()
    assert questionnaire.is_active and questionnaire.questions.count() == 5
    assert ensure_default_questionnaire() == questionnaire

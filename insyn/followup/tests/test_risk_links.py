"""The risk score's feedback and rating factors come from the feedback and ratings apps
through plain imports: a renamed function fails at import time, and these tests fail if the
factors stop reaching the score."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from insyn.feedback.constants import Kind, Severity
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup import risk
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory
from insyn.registry.tests.factories import UnitFactory, category

pytestmark = pytest.mark.django_db


def _twin_units():
    hvb = category("hvb-barn")
    return UnitFactory(category=hvb, places=8), UnitFactory(category=hvb, places=8)


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_serious_complaints_raise_the_risk_score():
    troubled, quiet = _twin_units()
    FeedbackItemFactory.create_batch(
        2, unit=troubled, kind=Kind.COMPLAINT, severity=Severity.SERIOUS
    )
    FeedbackItemFactory(unit=troubled, kind=Kind.LEX_SARAH)
    scores = risk.score_units([troubled, quiet])
    # 2 complaints × 2 + 1 Lex Sarah × 6 + 2 serious × 4 = 18 points more, all else equal.
    assert scores[troubled.pk].total - scores[quiet.pk].total == pytest.approx(18)
    details = {item.detail for item in scores[troubled.pk].items}
    assert "2 klagomål, 1 lex Sarah, 2 allvarliga" in details


@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_low_ratings_raise_the_risk_score():
    poorly_rated, unrated = _twin_units()
    RatingFactory.create_batch(3, placement__unit=poorly_rated, score=Decimal("40.0"))
    # The twin gets as many running placements, so the clients factor is equal too.
    PlacementFactory.create_batch(3, unit=unrated)
    inputs = risk.gather_inputs([poorly_rated, unrated])
    assert (inputs[poorly_rated.pk].rating_mean, inputs[poorly_rated.pk].rating_count) == (
        Decimal("40.0"),
        3,
    )
    scores = risk.score_units([poorly_rated, unrated])
    # (100 − 40) / 100 × 10 = 6 points more; no rating counts as 0.
    assert scores[poorly_rated.pk].total - scores[unrated.pk].total == pytest.approx(6)

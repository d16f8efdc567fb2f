import datetime as dt

import pytest

from insyn.feedback.constants import Kind, Severity
from insyn.feedback.queries import risk_counts

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


def test_risk_counts_counts_complaints_lex_sarah_and_serious_per_unit(unit, other_unit):
    since = dt.date(2026, 1, 1)
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2026, 1, 1))
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, severity=Severity.SERIOUS)
    FeedbackItemFactory(unit=unit, kind=Kind.LEX_SARAH, reported_to_ivo=True)
    FeedbackItemFactory(unit=unit, kind=Kind.LEX_MARIA)
    FeedbackItemFactory(unit=unit, kind=Kind.PRAISE)
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2025, 12, 31))
    FeedbackItemFactory(unit=other_unit, kind=Kind.COMPLAINT)

    counts = risk_counts([unit.pk], since)

    assert counts == {unit.pk: {"complaints": 2, "lex_sarah": 2, "serious": 2, "total": 5}}


def test_risk_counts_leaves_out_units_without_feedback(unit):
    assert risk_counts([unit.pk], dt.date(2020, 1, 1)) == {}

"""The demo data: feedback in every status, masking material, and alerts."""

import datetime as dt

import pytest

from insyn.core.demo import DemoContext
from insyn.core.identity import contains_identity_number as has_identity_number
from insyn.feedback import demo
from insyn.feedback.constants import Status
from insyn.feedback.models import FeedbackItem

pytestmark = pytest.mark.django_db


def test_demo_seeds_feedback_over_several_years_in_every_status():
    from insyn.accounts import demo as accounts_demo
    from insyn.registry import demo as registry_demo

    ctx = DemoContext(seed=7, today=dt.date(2026, 11, 24), scale=0.05, log=lambda _m: None)
    accounts_demo.seed(ctx)
    registry_demo.seed(ctx)
    demo.seed(ctx)

    items = FeedbackItem.objects.all()
    assert items.count() == 200
    assert set(items.values_list("status", flat=True)) == set(Status.values)
    years = {d.year for d in items.values_list("received_on", flat=True)}
    assert len(years) >= 4
    assert any(has_identity_number(t) for t in items.values_list("text", flat=True))
    # Seed 002: complaints about the ordering unit, with återkoppling, mostly no action.
    own = items.filter(org_unit__name="Beställarenheten för funktionsnedsättning")
    assert own.count() == 5
    assert own.filter(provider__isnull=False).count() == 0
    assert own.filter(feedback_given_on__isnull=False, action_taken_on__isnull=True).count() == 3
    # Every provider answer is a recorded action.
    assert items.filter(answered_at__isnull=False, action_taken_on__isnull=True).count() == 0
    # Every closed item says when it was closed (days open and targets depend on it).
    assert items.filter(status=Status.CLOSED, closed_at__isnull=True).count() == 0


def test_demo_without_units_does_nothing():
    ctx = DemoContext(seed=7, scale=0.05, log=lambda _m: None)
    demo.seed(ctx)
    assert not FeedbackItem.objects.exists()

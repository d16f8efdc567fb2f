"""The two functions other apps call: open deficiency counts and event-driven follow-ups."""

import datetime as dt

import pytest
import time_machine

from insyn.core.errors import DomainError
from insyn.followup.constants import DeficiencyStatus, PlanRule
from insyn.followup.models import FollowUpPlan
from insyn.followup.queries import open_deficiency_counts
from insyn.followup.services import add_event_driven_followup, approve_plan

from .factories import DeficiencyFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_open_deficiency_counts_counts_only_unremedied(unit, other_unit):
    DeficiencyFactory(followup__unit=unit)
    DeficiencyFactory(followup__unit=unit, status=DeficiencyStatus.PLAN_SUBMITTED)
    DeficiencyFactory(followup__unit=unit, status=DeficiencyStatus.REMEDIED)
    DeficiencyFactory(followup__unit=other_unit)
    assert open_deficiency_counts([unit.pk, other_unit.pk]) == {unit.pk: 2, other_unit.pk: 1}


@time_machine.travel(dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC))
def test_event_driven_followup_creates_plan_when_none_exists(unit, controller):
    row = add_event_driven_followup(unit, "Två lex Sarah-anmälningar", controller, "Synpunkter")
    assert row.plan.year == 2026 and row.plan.committee is None
    assert row.event_driven and row.rule == PlanRule.EVENT and row.month == 5
    assert row.reason == "Synpunkter: Två lex Sarah-anmälningar"
    assert not row.added_after_approval


@time_machine.travel(dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC))
def test_event_driven_followup_is_added_to_an_approved_plan_and_marked(unit, controller):
    plan = PlanFactory(year=2026)
    approve_plan(plan, controller)
    row = add_event_driven_followup(unit, "Allvarligt klagomål", controller)
    assert row.plan == plan and row.added_after_approval and row.event_driven
    assert FollowUpPlan.objects.count() == 1


def test_event_driven_followup_refused_for_closed_unit(unit, controller):
    unit.active = False
    unit.save()
    with pytest.raises(DomainError, match="avslutad"):
        add_event_driven_followup(unit, "x", controller)
    assert FollowUpPlan.objects.count() == 0

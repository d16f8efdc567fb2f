"""Creating, adjusting and approving a plan through its pages; event-driven additions."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import PlanRule, PlanStatus
from insyn.followup.models import FollowUp, FollowUpPlan, PlannedFollowUp
from insyn.registry.tests.factories import ContractFactory, UnitFactory

from .factories import PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 20, 10, tzinfo=dt.UTC))


def test_new_annual_plan_stores_the_proposal_with_rule_and_reason(client, controller, unit):
    ContractFactory(
        provider=unit.provider,
        units=[unit],
        start_date=dt.date(2025, 9, 15),
        contract_type="direct_award",
    )
    client.force_login(controller)
    response = client.post(reverse("followup:plan_list"), {"year": 2026})
    plan = FollowUpPlan.objects.get(year=2026)
    assert response.url == plan.get_absolute_url()
    row = plan.rows.get(unit=unit)
    assert (row.rule, row.month, row.responsible) == (PlanRule.NEW_CONTRACT, 3, controller)
    assert "sex månader efter start" in row.reason
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Regler för förslaget" in page and unit.name in page


def test_controller_adds_moves_reassigns_and_removes_rows_before_approval(client, controller, unit):
    colleague = UserFactory(controller=True)
    plan = PlanFactory(year=2026)
    client.force_login(controller)
    client.post(
        reverse("followup:plan_row_add", args=[plan.pk]),
        {
            "unit": unit.pk,
            "method": "site_visit",
            "month": 4,
            "responsible": controller.pk,
            "reason": "Nytt tillstånd",
        },
    )
    row = plan.rows.get()
    assert row.rule == PlanRule.MANUAL
    client.post(
        reverse("followup:plan_row_edit", args=[row.pk]),
        {"method": "digital_visit", "month": 9, "responsible": colleague.pk, "reason": "Flyttad"},
    )
    row.refresh_from_db()
    assert (row.month, row.responsible, row.method) == (9, colleague, "digital_visit")
    client.post(reverse("followup:plan_row_remove", args=[row.pk]))
    assert not plan.rows.exists()


def test_approved_plan_is_read_only_for_rows(client, controller, manager):
    plan = PlanFactory(year=2026)
    row = PlannedFollowUpFactory(plan=plan, month=4)
    # The committee (its manager) decides the plan; the controller proposed it.
    client.force_login(manager)
    client.post(reverse("followup:plan_approve", args=[plan.pk]), {"confirmed": "1"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == manager
    client.force_login(controller)
    client.post(
        reverse("followup:plan_row_edit", args=[row.pk]),
        {"method": "site_visit", "month": 11, "reason": "x"},
    )
    client.post(reverse("followup:plan_row_remove", args=[row.pk]))
    row.refresh_from_db()
    assert row.month == 4


def test_event_driven_follow_up_from_the_dossier_is_added_to_the_approved_plan(client, controller):
    unit = UnitFactory()
    plan = PlanFactory(year=2025, status=PlanStatus.APPROVED)
    client.force_login(controller)
    client.post(
        reverse("followup:followup_new", args=[unit.pk]),
        {"method": "site_visit", "event_driven": "on", "reason": "Tre lex Sarah på en månad"},
    )
    row = PlannedFollowUp.objects.get(plan=plan)
    assert row.event_driven and row.added_after_approval and row.month == 11
    followup = FollowUp.objects.get()
    assert followup.planned == row and followup.event_driven
    assert "Händelsestyrd" in client.get(plan.get_absolute_url()).content.decode()

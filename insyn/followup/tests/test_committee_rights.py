"""Committee rights (issue 12 item 2): controllers propose and adjust their own committee's
plan; only a manager of that committee (or a recorded delegate) decides it, with the
decision's date, § and diary number; other committees' plans are refused and unchanged."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership, OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.followup import services
from insyn.followup.constants import PlanStatus
from insyn.followup.models import FollowUpPlan
from insyn.followup.tests.factories import PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committees():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    own = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    other = OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    return own, other


def test_manager_decides_own_committees_plan_with_paragraph_and_diary_number(client, committees):
    own, other = committees
    manager = UserFactory(manager=True, org_unit=own)
    plan, others_plan = PlanFactory(committee=own), PlanFactory(committee=other)
    client.force_login(manager)
    response = client.post(
        reverse("followup:plan_approve", args=[plan.pk]),
        {"date": "2026-12-10", "paragraph": "87", "diary_number": "SN-2026/412", "confirmed": "1"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.decision_date) == (
        PlanStatus.APPROVED,
        manager,
        dt.date(2026, 12, 10),
    )
    assert (plan.decision_paragraph, plan.decision_diary_number) == ("87", "SN-2026/412")
    assert plan.decision_delegation == ""
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "§ 87" in page and "SN-2026/412" in page

    refused = client.post(reverse("followup:plan_approve", args=[others_plan.pk]))
    assert refused.status_code == 403
    others_plan.refresh_from_db()
    assert others_plan.status == PlanStatus.DRAFT and others_plan.approved_by is None


def test_delegate_decides_and_the_delegation_is_recorded(client, committees):
    own, _other = committees
    delegate = UserFactory(controller=True, org_unit=own)
    Membership.objects.filter(user=delegate).update(delegation="SN Centrum 2026-01-20 § 4")
    plan = PlanFactory(committee=own)
    client.force_login(delegate)
    client.post(
        reverse("followup:plan_approve", args=[plan.pk]), {"paragraph": "12", "confirmed": "1"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.decision_delegation == "SN Centrum 2026-01-20 § 4"


def test_controller_proposes_but_cannot_decide(client, committees):
    own, _other = committees
    controller = UserFactory(controller=True, org_unit=own)
    plan = PlanFactory(committee=own)
    client.force_login(controller)
    assert client.post(reverse("followup:plan_approve", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_controller_cannot_change_or_create_another_committees_plan(client, committees):
    own, other = committees
    controller = UserFactory(controller=True, org_unit=own)
    row = PlannedFollowUpFactory(plan=PlanFactory(committee=other), month=4)
    client.force_login(controller)
    edit = client.post(
        reverse("followup:plan_row_edit", args=[row.pk]),
        {"method": "site_visit", "month": 11, "reason": "x", "version": row.version},
    )
    assert edit.status_code == 403
    assert client.post(reverse("followup:plan_row_remove", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.month == 4
    with pytest.raises(services.DomainError, match="bara ta fram uppföljningsplaner"):
        services.create_plan(2027, other, controller)
    assert not FollowUpPlan.objects.filter(year=2027).exists()
    assert services.create_plan(2027, own, controller).committee == own


def test_segregation_of_duties_refuses_deciding_own_proposal(settings, committees):
    own, _other = committees
    settings.INSYN = {**settings.INSYN, "SEGREGATION_OF_DUTIES": True}
    manager = UserFactory(manager=True, org_unit=own)
    Membership.objects.create(user=manager, role=Role.CONTROLLER, org_unit=own)
    plan = services.create_plan(2027, own, manager)
    with pytest.raises(services.DomainError, match="åtskillnad av uppgifter"):
        services.approve_plan(plan, manager)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    services.approve_plan(plan, UserFactory(manager=True, org_unit=own))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_api_refuses_another_committees_plan(client, committees):
    own, other = committees
    client.force_login(UserFactory(manager=True, org_unit=own))
    plan = PlanFactory(committee=other)
    assert client.post(f"/api/v1/followup-plans/{plan.pk}/approve/").status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

"""Goal status is the committee's decision (issue 12 item 2): a controller proposes, a manager
of the committee the goal belongs to (or a recorded delegate, recorded as such) confirms, by
page and API. Another committee's goal is refused with a Swedish message, logged, unchanged."""

import logging

import pytest
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership, OrgUnit
from insyn.accounts.tests.factories import UserFactory
from insyn.reports.constants import GoalLevel, GoalStatus
from insyn.reports.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    own = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    other = OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    lundby = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT, parent=own)
    goal = Goal.objects.create(
        year=2026, level=GoalLevel.UNIT, org_unit=lundby, title="Trygg vård i Lundby"
    )
    others_goal = Goal.objects.create(
        year=2026, level=GoalLevel.COMMITTEE, org_unit=other, title="Nöjda brukare i Nordost"
    )
    return {
        "own": own,
        "other": other,
        "goal": goal,
        "others_goal": others_goal,
        "manager": UserFactory(manager=True, org_unit=own),
        "controller": UserFactory(controller=True, org_unit=own),
    }


def _confirm(client, goal, status=GoalStatus.PARTLY):
    return client.post(
        reverse("reports:goal_confirm", args=[goal.pk]),
        {"status": status, "comment": "Två av tre."},
    )


def test_goal_belongs_to_the_committee_above_its_unit(world):
    assert world["goal"].org_unit.committee_id_of() == world["own"].pk
    assert world["own"].committee_id_of() == world["own"].pk
    assert world["own"].parent.committee_id_of() is None


def test_manager_confirms_a_goal_of_an_own_district(client, world):
    client.force_login(world["manager"])
    assert _confirm(client, world["goal"]).status_code == 302
    goal = Goal.objects.get(pk=world["goal"].pk)
    assert (goal.status, goal.confirmed_by, goal.confirmed_delegation) == (
        GoalStatus.PARTLY,
        world["manager"],
        "",
    )


def test_manager_of_another_committee_is_refused_logged_and_nothing_changes(client, world, caplog):
    client.force_login(world["manager"])
    with caplog.at_level(logging.WARNING, logger="insyn.access"):
        response = _confirm(client, world["others_goal"])
    assert response.status_code == 403
    assert "Bara en chef i den nämnd som målet hör till" in response.content.decode()
    assert any("reports.confirm_goal" in r.getMessage() for r in caplog.records)
    goal = Goal.objects.get(pk=world["others_goal"].pk)
    assert (goal.status, goal.confirmed_by) == ("", None)


def test_controller_proposes_and_cannot_confirm(client, world):
    client.force_login(world["controller"])
    response = client.post(
        reverse("reports:goal_propose", args=[world["goal"].pk]),
        {"status": GoalStatus.MET, "comment": "Alla indikatorer nådda."},
    )
    assert response.status_code == 302
    assert _confirm(client, world["goal"]).status_code == 403
    goal = Goal.objects.get(pk=world["goal"].pk)
    assert (goal.proposed_status, goal.proposed_by, goal.status) == (
        GoalStatus.MET,
        world["controller"],
        "",
    )


def test_controller_of_another_committee_cannot_propose(client, world):
    client.force_login(world["controller"])
    response = client.post(
        reverse("reports:goal_propose", args=[world["others_goal"].pk]), {"status": "met"}
    )
    assert response.status_code == 403
    assert Goal.objects.get(pk=world["others_goal"].pk).proposed_status == ""


def test_delegate_confirms_and_the_delegation_is_recorded(client, world):
    delegate = UserFactory(controller=True, org_unit=world["own"])
    Membership.objects.filter(user=delegate).update(delegation="SN Centrum 2026-01-20 § 4")
    client.force_login(delegate)
    assert _confirm(client, world["goal"]).status_code == 302
    goal = Goal.objects.get(pk=world["goal"].pk)
    assert (goal.confirmed_by, goal.confirmed_delegation) == (delegate, "SN Centrum 2026-01-20 § 4")


def test_segregation_of_duties_refuses_confirming_an_own_proposal(client, world, settings):
    settings.INSYN = {**settings.INSYN, "SEGREGATION_OF_DUTIES": True}
    both = UserFactory(controller=True, org_unit=world["own"])
    Membership.objects.create(user=both, role=Role.MANAGER, org_unit=world["own"])
    client.force_login(both)
    client.post(reverse("reports:goal_propose", args=[world["goal"].pk]), {"status": "met"})
    response = _confirm(client, world["goal"], GoalStatus.MET)
    assert response.status_code == 302
    assert Goal.objects.get(pk=world["goal"].pk).status == ""


def test_api_confirms_own_and_refuses_other_committees_goal(client, world):
    client.force_login(world["manager"])
    ok = client.post(
        f"/api/v1/goals/{world['goal'].pk}/confirm/",
        {"status": "met", "comment": "Nått"},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "met"
    refused = client.post(
        f"/api/v1/goals/{world['others_goal'].pk}/confirm/",
        {"status": "met"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "nämnd" in refused.json()["detail"]
    assert Goal.objects.get(pk=world["others_goal"].pk).status == ""


def test_api_controller_proposes_but_cannot_confirm(client, world):
    client.force_login(world["controller"])
    url = f"/api/v1/goals/{world['goal'].pk}/"
    proposed = client.post(url + "propose/", {"status": "partly"}, content_type="application/json")
    assert proposed.status_code == 200 and proposed.json()["proposed_status"] == "partly"
    refused = client.post(url + "confirm/", {"status": "met"}, content_type="application/json")
    assert refused.status_code == 403
    assert Goal.objects.get(pk=world["goal"].pk).status == ""

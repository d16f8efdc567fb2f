"""The API has the same scope and permissions as the pages."""

import datetime as dt

import pytest

from insyn.followup.constants import DeficiencyStatus, FollowUpStatus, PlanStatus
from insyn.followup.models import ActionPlan

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_provider_lists_only_its_own_deficiencies(client, provider_user, unit, other_unit):
    mine = DeficiencyFactory(followup__unit=unit)
    DeficiencyFactory(followup__unit=other_unit)
    client.force_login(provider_user)
    data = client.get("/api/v1/deficiencies/").json()
    assert [row["id"] for row in data["results"]] == [mine.pk]


def test_provider_cannot_reach_other_providers_deficiency_or_follow_up(
    client, provider_user, other_unit
):
    theirs = DeficiencyFactory(followup__unit=other_unit)
    client.force_login(provider_user)
    assert client.get(f"/api/v1/deficiencies/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/followups/{theirs.followup_id}/").status_code == 404
    response = client.post(
        f"/api/v1/deficiencies/{theirs.pk}/action-plan/",
        {"measures": "x", "responsible_person": "y", "due_date": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404 and not ActionPlan.objects.exists()


def test_provider_submits_and_controller_accepts_an_action_plan(
    client, provider_user, controller, unit
):
    deficiency = DeficiencyFactory(followup__unit=unit)
    client.force_login(provider_user)
    response = client.post(
        f"/api/v1/deficiencies/{deficiency.pk}/action-plan/",
        {"measures": "Ny rutin", "responsible_person": "Chef", "due_date": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    plan_id = response.json()["id"]
    assert client.post(f"/api/v1/action-plans/{plan_id}/accept/").status_code == 403
    client.force_login(controller)
    response = client.post(
        f"/api/v1/action-plans/{plan_id}/accept/",
        {"comment": "OK"},
        content_type="application/json",
    )
    assert response.json()["status"] == "accepted"
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.PLAN_ACCEPTED


def test_action_plan_for_closed_deficiency_gets_swedish_error(client, provider_user, unit):
    deficiency = DeficiencyFactory(followup__unit=unit, status=DeficiencyStatus.REMEDIED)
    client.force_login(provider_user)
    response = client.post(
        f"/api/v1/deficiencies/{deficiency.pk}/action-plan/",
        {"measures": "x", "responsible_person": "y", "due_date": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "redan åtgärdad" in str(response.json())


def test_plans_are_not_visible_to_providers_and_approval_is_not_repeatable(
    client, provider_user, controller
):
    plan = PlanFactory()
    client.force_login(provider_user)
    assert client.get("/api/v1/followup-plans/").json()["results"] == []
    client.force_login(controller)
    assert client.post(f"/api/v1/followup-plans/{plan.pk}/approve/").json()["status"] == (
        PlanStatus.APPROVED
    )
    second = client.post(f"/api/v1/followup-plans/{plan.pk}/approve/")
    assert second.status_code == 400 and "redan beslutad" in str(second.json())


def test_provider_does_not_see_draft_follow_ups_or_their_answers(client, provider_user, unit):
    FollowUpFactory(unit=unit, status=FollowUpStatus.DRAFT)
    done = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(2026, 1, 5))
    client.force_login(provider_user)
    ids = [row["id"] for row in client.get("/api/v1/followups/").json()["results"]]
    assert ids == [done.pk]

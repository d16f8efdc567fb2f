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
    client, provider_user, manager
):
    plan = PlanFactory()
    client.force_login(provider_user)
    assert client.get("/api/v1/followup-plans/").json()["results"] == []
    client.force_login(manager)
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


@pytest.fixture
def sent_self_report(unit):
    from insyn.questionnaires.constants import Method
    from insyn.questionnaires.tests.factories import QuestionFactory

    question = QuestionFactory(required=True, text="Har ni tillstånd?", answer_type="yes_no_partly")
    number = QuestionFactory(
        template=question.template, text="Antal anställda", answer_type="number"
    )
    followup = FollowUpFactory(
        unit=unit,
        template=question.template,
        method=Method.SELF_REPORT,
        status=FollowUpStatus.SENT,
        deadline=dt.date.today() + dt.timedelta(days=20),
    )
    return followup, question, number


def answers_url(followup, action="answers"):
    return f"/api/v1/followups/{followup.pk}/{action}/"


def test_provider_answers_and_submits_its_self_report_over_the_api(
    client, provider_user, sent_self_report
):
    from insyn.followup.models import Answer

    followup, question, number = sent_self_report
    client.force_login(provider_user)
    response = client.post(
        answers_url(followup),
        {
            "version": followup.version,
            "answers": [
                {"question": question.pk, "value": "yes", "comment": "Tillstånd från 2024"},
                {"question": number.pk, "value": "12,5"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == followup.version + 1
    saved = {a.question_id: (a.value, a.comment) for a in Answer.objects.filter(followup=followup)}
    assert saved == {question.pk: ("yes", "Tillstånd från 2024"), number.pk: ("12.5", "")}
    response = client.post(answers_url(followup, "submit"))
    assert response.status_code == 200
    assert response.json()["status"] == FollowUpStatus.SUBMITTED
    # Submitted: the provider can no longer change its answers.
    again = client.post(
        answers_url(followup),
        {"version": followup.version + 1, "answers": [{"question": number.pk, "value": "3"}]},
        content_type="application/json",
    )
    assert again.status_code == 400 and "kan inte ändras" in again.json()["detail"]


def test_bad_answers_are_refused_with_swedish_messages_and_nothing_is_saved(
    client, provider_user, sent_self_report
):
    from insyn.followup.models import Answer

    followup, question, number = sent_self_report
    client.force_login(provider_user)

    def post(answers, version=followup.version):
        return client.post(
            answers_url(followup),
            {"version": version, "answers": answers},
            content_type="application/json",
        )

    wrong_value = post(
        [{"question": number.pk, "value": "tolv"}, {"question": question.pk, "value": "yes"}]
    )
    assert wrong_value.status_code == 400
    assert "Antal anställda" in str(wrong_value.json()["answers"])
    twice = post([{"question": number.pk, "value": "1"}, {"question": number.pk, "value": "2"}])
    assert twice.status_code == 400 and "två gånger" in str(twice.json()["answers"])
    foreign = post([{"question": 999_999, "value": "1"}])
    assert (
        foreign.status_code == 400
        and "inte finns i uppföljningens mall" in foreign.json()["detail"]
    )
    stale = post([{"question": number.pk, "value": "1"}], version=followup.version - 1)
    assert stale.status_code == 400 and "Någon annan har sparat" in stale.json()["detail"]
    assert not Answer.objects.filter(followup=followup).exists()
    followup.refresh_from_db()
    assert followup.version == 1
    missing = client.post(answers_url(followup, "submit"))
    assert missing.status_code == 400 and "Har ni tillstånd?" in missing.json()["detail"]


def test_only_the_own_provider_and_controllers_write_answers(
    client, other_provider_user, case_worker, controller, sent_self_report, unit
):
    followup, question, _ = sent_self_report
    body = {"version": followup.version, "answers": [{"question": question.pk, "value": "no"}]}
    client.force_login(other_provider_user)
    assert (
        client.post(answers_url(followup), body, content_type="application/json").status_code == 404
    )
    client.force_login(case_worker)
    assert (
        client.post(answers_url(followup), body, content_type="application/json").status_code == 403
    )
    # A controller writes a draft follow-up's answers (a sent self-report is the provider's).
    draft = FollowUpFactory(unit=unit, template=question.template, status=FollowUpStatus.DRAFT)
    client.force_login(controller)
    body["version"] = draft.version
    assert client.post(answers_url(draft), body, content_type="application/json").status_code == 200
    assert draft.answers.get().value == "no"
    assert client.post(answers_url(draft, "submit")).status_code == 403

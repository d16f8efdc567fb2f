"""The issue's bad-input list: each gets a Swedish message and changes nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from insyn.followup import services
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus, PlanStatus
from insyn.followup.models import ActionPlan, Answer, FollowUp, FollowUpPlan
from insyn.questionnaires.constants import AnswerType, Method
from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("answer_type", "bad", "message"),
    [
        (AnswerType.YES_NO_PARTLY, "kanske", "ska besvaras med Ja, Nej eller Delvis"),
        (AnswerType.SCALE, "7", "ska besvaras med en siffra från 1 till 5"),
        (AnswerType.NUMBER, "tolv", "ska besvaras med ett tal"),
        (AnswerType.DATE, "31/02/2026", "ska besvaras med ett datum i formen ÅÅÅÅ-MM-DD"),
    ],
)
def test_answer_that_does_not_fit_the_question_type_is_refused(
    client, controller, unit, answer_type, bad, message
):
    question = QuestionFactory(answer_type=answer_type, text="Antal personal?")
    followup = FollowUpFactory(unit=unit, template=question.template)
    client.force_login(controller)
    response = client.post(
        followup.get_absolute_url(), {"version": followup.version, f"q_{question.pk}": bad}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frågan ”Antal personal?”" in html and message in html
    assert not Answer.objects.exists()
    followup.refresh_from_db()
    assert followup.version == 1


def _sent_self_report(unit, deadline=dt.date(2026, 3, 20), status=FollowUpStatus.SENT):
    template = TemplateFactory(method=Method.SELF_REPORT)
    QuestionFactory(template=template)
    return FollowUpFactory(
        unit=unit, template=template, method=Method.SELF_REPORT, status=status, deadline=deadline
    )


def test_self_report_after_the_deadline_is_refused(client, provider_user, unit):
    followup = _sent_self_report(unit, deadline=dt.date(2026, 3, 9))
    client.force_login(provider_user)
    response = client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    assert "Sista svarsdag var 2026-03-09" in _messages(response)[0]
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SENT and followup.submitted_at is None


def test_self_report_submitted_twice_is_refused(client, provider_user, unit):
    followup = _sent_self_report(unit)
    client.force_login(provider_user)
    client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    followup.refresh_from_db()
    first = followup.submitted_at
    assert followup.status == FollowUpStatus.SUBMITTED
    response = client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    assert "Egenrapporten är redan inskickad" in _messages(response)[-1]
    followup.refresh_from_db()
    assert followup.submitted_at == first


def test_action_plan_for_a_closed_deficiency_is_refused(client, provider_user, unit):
    deficiency = DeficiencyFactory(followup__unit=unit, status=DeficiencyStatus.REMEDIED)
    client.force_login(provider_user)
    response = client.post(
        reverse("followup_portal:deficiency", args=[deficiency.pk]),
        {"measures": "Något", "responsible_person": "Anna", "due_date": "2026-04-30"},
    )
    assert "Bristen är redan åtgärdad och stängd" in _messages(response)[0]
    assert not ActionPlan.objects.exists()
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.REMEDIED


def test_approving_a_plan_twice_is_refused(client, manager):
    plan = PlanFactory()
    client.force_login(manager)
    client.post(reverse("followup:plan_approve", args=[plan.pk]), {"confirmed": "1"})
    plan.refresh_from_db()
    approved_at = plan.approved_at
    response = client.post(reverse("followup:plan_approve", args=[plan.pk]), {"confirmed": "1"})
    assert "Planen är redan beslutad" in _messages(response)[-1]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_at == approved_at


def test_follow_up_for_a_closed_unit_is_refused(client, controller, unit):
    unit.active = False
    unit.save()
    client.force_login(controller)
    response = client.post(
        reverse("followup:followup_new", args=[unit.pk]),
        {"method": Method.SITE_VISIT, "reason": "Klagomål"},
    )
    assert "Verksamheten Egen Väg Hisingen är avslutad" in _messages(response)[0]
    assert not FollowUp.objects.exists()


def test_provider_cannot_open_another_providers_self_report(client, other_provider_user, unit):
    followup = _sent_self_report(unit)
    client.force_login(other_provider_user)
    assert client.get(reverse("followup_portal:self_report", args=[followup.pk])).status_code == 404
    response = client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    assert response.status_code == 404
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SENT


def test_creating_a_second_plan_for_the_same_year_is_refused(client, controller):
    PlanFactory(year=2027)
    client.force_login(controller)
    response = client.post(reverse("followup:plan_list"), {"year": 2027})
    assert "Det finns redan en uppföljningsplan för 2027" in response.content.decode()
    assert FollowUpPlan.objects.count() == 1


def test_approved_plan_cannot_be_changed(controller, unit):
    plan = PlanFactory()
    services.approve_plan(plan, controller)
    with pytest.raises(services.DomainError, match="Planen är beslutad"):
        services.add_plan_row(plan, None, controller)

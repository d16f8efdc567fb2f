"""Two controllers editing one follow-up, and the self-report round trip."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup import services
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import Answer, FollowUp
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import QuestionFactory

from .factories import FollowUpFactory
from .helpers import finish_as_proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def test_second_controller_saving_a_stale_version_is_told_and_overwrites_nothing(
    client, controller, unit
):
    colleague = UserFactory(controller=True)
    question = QuestionFactory(text="Finns rutiner?")
    followup = FollowUpFactory(unit=unit, template=question.template)
    stale_version = followup.version
    client.force_login(colleague)
    client.post(followup.get_absolute_url(), {"version": stale_version, f"q_{question.pk}": "yes"})
    client.force_login(controller)
    response = client.post(
        followup.get_absolute_url(), {"version": stale_version, f"q_{question.pk}": "no"}
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Någon annan har sparat uppföljningen" in messages[-1]
    assert Answer.objects.get(followup=followup).value == "yes"
    followup.refresh_from_db()
    assert followup.version == stale_version + 1


def test_service_refuses_stale_version_with_conditional_update(controller, unit):
    question = QuestionFactory()
    followup = FollowUpFactory(unit=unit, template=question.template)
    services.save_answers(followup, {question.pk: {"value": "yes"}}, 1, controller)
    other_copy = FollowUp.objects.get(pk=followup.pk)
    other_copy.version = 1  # what the second editor's form still holds
    with pytest.raises(services.ConcurrentEditError):
        services.save_answers(other_copy, {question.pk: {"value": "no"}}, 1, controller)
    assert Answer.objects.get().value == "yes"


def test_controller_saves_and_continues_later(client, controller, unit):
    question = QuestionFactory(answer_type="text")
    followup = FollowUpFactory(unit=unit, template=question.template)
    client.force_login(controller)
    client.post(
        followup.get_absolute_url(),
        {"version": 1, f"q_{question.pk}": "Första anteckning", "participants": "Samordnare"},
    )
    page = client.get(followup.get_absolute_url()).content.decode()
    assert "Första anteckning" in page and 'value="2"' in page
    followup.refresh_from_db()
    assert followup.participants == "Samordnare" and followup.status == FollowUpStatus.DRAFT


def test_self_report_is_sent_answered_by_provider_and_reviewed(
    client, controller, provider_user, unit
):
    client.force_login(controller)
    client.post(
        reverse("followup:followup_new", args=[unit.pk]),
        {"method": Method.SELF_REPORT, "reason": "Årlig egenrapportering"},
    )
    followup = FollowUp.objects.get()
    client.post(reverse("followup:followup_send", args=[followup.pk]), {"deadline": "2026-04-10"})
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SENT

    client.force_login(provider_user)
    assert "Egenrapporter att besvara" in client.get(reverse("portal:home")).content.decode()
    data = {"version": followup.version}
    for q in followup.template.questions.all():
        data[f"q_{q.pk}"] = {"yes_no_partly": "yes", "number": "8", "date": "2025-01-01"}.get(
            q.answer_type, ""
        )
    client.post(reverse("followup_portal:self_report", args=[followup.pk]), data)
    client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SUBMITTED and followup.submitted_by == provider_user
    # The provider can no longer change its answers.
    client.post(reverse("followup_portal:self_report", args=[followup.pk]), data)
    assert Answer.objects.filter(followup=followup, value="8").exists()

    client.force_login(controller)
    assert followup.unit.name in client.get(reverse("home")).content.decode()
    finish_as_proposed(client, followup)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE and followup.findings.exists()


def test_self_report_with_missing_required_answers_is_not_submitted(client, provider_user, unit):
    question = QuestionFactory(required=True, text="Har ni tillstånd?")
    followup = FollowUpFactory(
        unit=unit,
        template=question.template,
        method=Method.SELF_REPORT,
        status=FollowUpStatus.SENT,
        deadline=dt.date(2026, 4, 1),
    )
    client.force_login(provider_user)
    response = client.post(reverse("followup_portal:self_report_submit", args=[followup.pk]))
    assert "Har ni tillstånd?" in str(list(get_messages(response.wsgi_request))[0])
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SENT

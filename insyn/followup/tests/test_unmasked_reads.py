"""Opening an answer form whose stored text holds an identity number shows it unmasked; that
read is logged as an auditlog "access" on the follow-up (who, when, which follow-up)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core.tests.recent_login import log_in_recently
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import Answer
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory

from .factories import FollowUpFactory

pytestmark = pytest.mark.django_db

PNR = "811218-9876"


def _reads(followup):
    return list(
        LogEntry.objects.get_for_object(followup)
        .filter(action=LogEntry.Action.ACCESS)
        .values_list("actor", flat=True)
    )


def _followup(comment, status=FollowUpStatus.DRAFT, method=Method.SITE_VISIT, **fields):
    template = TemplateFactory(method=method)
    followup = FollowUpFactory(template=template, status=status, **fields)
    Answer.objects.create(
        followup=followup, question=QuestionFactory(template=template), comment=comment
    )
    return followup


def test_controller_opening_the_answer_form_with_a_personnummer_is_logged(client):
    controller = UserFactory(controller=True)
    followup = _followup(f"Gäller {PNR}")
    log_in_recently(client, controller)
    response = client.get(followup.get_absolute_url())
    assert PNR in response.content.decode()  # the form shows the stored text
    assert _reads(followup) == [controller.pk]


def test_a_personnummer_in_the_summary_is_logged_too(client):
    controller = UserFactory(controller=True)
    followup = _followup("Inget", summary=f"Besök hos {PNR}")
    log_in_recently(client, controller)
    client.get(followup.get_absolute_url())
    assert _reads(followup) == [controller.pk]


def test_opening_a_form_without_identity_numbers_is_not_logged(client):
    followup = _followup("Allt i ordning")
    client.force_login(UserFactory(controller=True))
    client.get(followup.get_absolute_url())
    assert _reads(followup) == []


def test_reading_a_finished_followup_shows_masked_text_and_logs_nothing(client):
    followup = _followup(f"Gäller {PNR}", status=FollowUpStatus.DONE)
    client.force_login(UserFactory(controller=True))
    html = client.get(followup.get_absolute_url()).content.decode()
    assert PNR not in html
    assert _reads(followup) == []


def test_staff_who_may_not_edit_read_masked_text_unlogged(client):
    followup = _followup(f"Gäller {PNR}")
    client.force_login(UserFactory(case_worker=True))
    html = client.get(followup.get_absolute_url()).content.decode()
    assert PNR not in html
    assert _reads(followup) == []


def test_provider_opening_its_self_report_with_a_personnummer_is_logged(client):
    followup = _followup(f"Gäller {PNR}", status=FollowUpStatus.SENT, method=Method.SELF_REPORT)
    provider_user = UserFactory(provider_user=True, provider=followup.unit.provider)
    log_in_recently(client, provider_user)
    response = client.get(reverse("followup_portal:self_report", args=[followup.pk]))
    assert response.status_code == 200
    assert _reads(followup) == [provider_user.pk]


def test_without_a_recent_login_the_form_asks_for_the_password_first(client):
    # Unmasked text on the screen is personal data leaving its mask: as for feedback's
    # "Visa personnummer", a login older than INSYN_REAUTH_MINUTES must be confirmed first.
    controller = UserFactory(controller=True)
    followup = _followup(f"Gäller {PNR}")
    log_in_recently(client, controller, seconds_ago=60 * 60)
    response = client.get(followup.get_absolute_url())
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert _reads(followup) == []

"""Re-authentication before personal data: unmasking an identity number, opening a feedback
attachment and exporting feedback texts ask for a login within INSYN_REAUTH_MINUTES."""

import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse

from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.models import FeedbackAttachment
from insyn.feedback.tests.factories import FeedbackItemFactory

PNR = "19121212-1212"
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "test-pass-123"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def item(unit):
    return FeedbackItemFactory(unit=unit, text=f"Gäller {PNR}, som inte fick sin insats.")


def unmask(client, item):
    return client.post(reverse("feedback:unmasked", args=[item.pk]))


def test_a_login_within_the_window_unmasks_at_once(client, controller, item, clock, settings):
    settings.INSYN_REAUTH_MINUTES = 15
    log_in_recently(client, controller)
    clock.shift(dt.timedelta(minutes=14))
    response = unmask(client, item)
    assert response.status_code == 200
    assert PNR in response.content.decode()


def test_an_older_login_asks_for_the_password_first_and_then_unmasks(
    client, controller, item, clock, settings
):
    settings.INSYN_REAUTH_MINUTES = 15
    log_in_recently(client, controller)
    clock.shift(dt.timedelta(minutes=16))

    response = unmask(client, item)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()

    page = client.get(response["Location"])
    assert page.status_code == 200
    refused = client.post(response["Location"], {"password": "fel-lösenord"})
    assert PNR not in refused.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()

    # The confirmed password carries out the kept POST: the number is shown and logged.
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 200
    assert PNR in confirmed.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == 1
    # … and counts as a new login for the next quarter of an hour.
    clock.shift(dt.timedelta(minutes=10))
    assert unmask(client, item).status_code == 200


def test_the_window_is_a_setting(client, controller, item, clock, settings):
    log_in_recently(client, controller)
    clock.shift(dt.timedelta(minutes=6))
    settings.INSYN_REAUTH_MINUTES = 5
    assert unmask(client, item).status_code == 302
    settings.INSYN_REAUTH_MINUTES = 7
    assert unmask(client, item).status_code == 200


def test_a_session_without_an_allauth_login_is_never_recent(client, controller, item):
    client.force_login(controller)
    response = unmask(client, item)
    assert response.status_code == 302
    assert PNR not in response.content.decode()


def test_someone_not_entitled_gets_the_refusal_not_a_password_prompt(
    client, coordinator, item, clock
):
    log_in_recently(client, coordinator)
    clock.shift(dt.timedelta(hours=1))
    assert unmask(client, item).status_code in (403, 404)


def test_export_of_feedback_texts_asks_for_a_recent_login(client, controller, item, clock):
    log_in_recently(client, controller)
    assert client.get(reverse("feedback:export")).status_code == 200
    clock.shift(dt.timedelta(minutes=20))
    response = client.get(reverse("feedback:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    # After the password, the export comes.
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert client.get(confirmed["Location"]).status_code == 200


def test_an_attachment_asks_for_a_recent_login(client, controller, item, clock):
    attachment = FeedbackAttachment.objects.create(
        item=item, file=ContentFile(b"%PDF-1.4\n", name="brev.pdf"), name="brev.pdf", size=9
    )
    url = reverse("feedback:attachment_download", args=[item.pk, attachment.pk])
    log_in_recently(client, controller)
    clock.shift(dt.timedelta(minutes=30))
    assert client.get(url).status_code == 302
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()

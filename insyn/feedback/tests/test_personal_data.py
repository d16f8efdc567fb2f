"""A personnummer in feedback text never reaches a provider or a non-entitled user: every
route this app adds (pages, panels, export, API) is requested and searched. Revealing it is
an explicit, logged action for entitled users only."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.constants import Kind, Status

from .conftest import PNR, PNR_LONG
from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

SECRET_PARTS = (PNR, PNR_LONG, "8507099805", "9805")


@pytest.fixture
def items(unit, district, controller):
    text = f"Brukaren {PNR} ({PNR_LONG}) fick fel medicin."
    common = {"unit": unit, "district": district, "text": text, "kind": Kind.COMPLAINT}
    sent = FeedbackItemFactory(status=Status.SENT, **common)
    answered = FeedbackItemFactory(
        status=Status.ANSWERED, provider_action="Vi ringde om 8507099805.", **common
    )
    closed = FeedbackItemFactory(status=Status.CLOSED, feedback_note=f"Pratat med {PNR}", **common)
    registered = FeedbackItemFactory(status=Status.REGISTERED, registered_by=controller, **common)
    return [sent, answered, closed, registered]


def staff_urls(items, unit):
    urls = [
        reverse("home"),
        reverse("feedback:list"),
        reverse("feedback:list") + "?open=true&kind=complaint",
        reverse("feedback:export"),
        reverse("feedback:rules"),
        reverse("registry:unit_detail", args=[unit.pk]),
        "/api/v1/feedback/",
    ]
    for item in items:
        urls += [
            reverse("feedback:detail", args=[item.pk]),
            reverse("feedback:history", args=[item.pk]),
            f"/api/v1/feedback/{item.pk}/",
        ]
    return urls


def portal_urls(items):
    urls = [reverse("portal:home"), reverse("feedback_portal:list"), "/api/v1/feedback/"]
    for item in items:
        urls += [
            reverse("feedback_portal:detail", args=[item.pk]),
            f"/api/v1/feedback/{item.pk}/",
            reverse("feedback:detail", args=[item.pk]),
            reverse("feedback:history", args=[item.pk]),
        ]
    return urls


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_never_shown(client, urls):
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        body = body_of(response)
        for part in SECRET_PARTS[:3]:
            assert part not in body, f"{part} leaked on {url}"
        seen += "850709-****" in body
    return seen


def test_provider_never_gets_the_personnummer_on_any_route(client, provider_user, items):
    client.force_login(provider_user)
    shown_masked = assert_never_shown(client, portal_urls(items))
    assert shown_masked > 0  # the masked text is shown, so the routes were really exercised
    api = APIClient()
    api.force_authenticate(provider_user)
    for item in items:
        body = api.get(f"/api/v1/feedback/{item.pk}/").content.decode()
        assert PNR not in body


def test_provider_cannot_use_the_unmask_action(client, provider_user, items):
    client.force_login(provider_user)
    response = client.post(reverse("feedback:unmasked", args=[items[0].pk]))
    assert response.status_code == 404
    assert PNR not in response.content.decode()


@pytest.mark.parametrize("role_fixture", ["coordinator", "district_case_worker"])
def test_non_entitled_municipal_users_never_get_the_personnummer(
    request, client, role_fixture, items, unit
):
    user = request.getfixturevalue(role_fixture)
    log_in_recently(client, user)
    assert assert_never_shown(client, staff_urls(items, unit)) > 0
    response = client.post(reverse("feedback:unmasked", args=[items[0].pk]))
    assert response.status_code == 403
    assert PNR not in response.content.decode()


def test_entitled_controller_also_sees_masked_text_until_asking(client, controller, items, unit):
    log_in_recently(client, controller)
    assert assert_never_shown(client, staff_urls(items, unit)) > 0


def test_unmasking_shows_the_number_and_logs_who_when_and_which_item(client, controller, items):
    item = items[0]
    log_in_recently(client, controller)

    response = client.post(reverse("feedback:unmasked", args=[item.pk]))

    assert PNR in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == controller
    assert entry.object_pk == str(item.pk)
    assert entry.timestamp is not None


def test_registering_user_is_entitled_to_unmask_their_own_item(
    client, district_case_worker, district, unit
):
    item = FeedbackItemFactory(
        unit=unit, district=district, registered_by=district_case_worker, text=f"Om {PNR}"
    )
    log_in_recently(client, district_case_worker)
    assert PNR in client.post(reverse("feedback:unmasked", args=[item.pk])).content.decode()


def test_access_log_is_visible_to_admins_only(client, admin_user, controller, items):
    log_in_recently(client, controller)
    client.post(reverse("feedback:unmasked", args=[items[0].pk]))
    assert client.get(reverse("feedback:access_log")).status_code == 403
    client.force_login(admin_user)
    response = client.get(reverse("feedback:access_log"))
    assert response.status_code == 200
    assert str(controller) in response.content.decode()
    assert f"Synpunkt nr {items[0].pk}" in response.content.decode()


def test_personnummer_is_kept_out_of_the_change_history(controller, items):
    for entry in LogEntry.objects.all():
        assert PNR not in str(entry.changes)


def test_received_date_in_export_is_not_mistaken_for_masking(client, controller, unit):
    FeedbackItemFactory(unit=unit, received_on=dt.date(2026, 1, 2), text="Inget känsligt")
    log_in_recently(client, controller)
    body = body_of(client.get(reverse("feedback:export")))
    assert "Inget känsligt" in body

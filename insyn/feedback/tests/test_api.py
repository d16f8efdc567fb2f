"""The feedback API: scoped reads with masked text, create, one step of the flow."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from insyn.feedback.constants import Kind, Status
from insyn.feedback.models import FeedbackItem

from .conftest import PNR
from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_create_through_the_api_uses_the_page_rules(api, case_worker, unit):
    api.force_authenticate(case_worker)
    response = api.post(
        "/api/v1/feedback/",
        {
            "unit": unit.pk,
            "kind": Kind.COMPLAINT,
            "source": "client",
            "concern": "treatment",
            "severity": "medium",
            "received_on": "2026-01-10",
            "text": f"Gäller {PNR}",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == "Gäller 850709-****"
    assert body["provider"] == unit.provider_id
    assert FeedbackItem.objects.get().registered_by == case_worker


def test_create_refuses_a_future_date_in_swedish(api, case_worker, unit):
    api.force_authenticate(case_worker)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = api.post(
        "/api/v1/feedback/",
        {
            "unit": unit.pk,
            "kind": "complaint",
            "source": "client",
            "concern": "treatment",
            "severity": "medium",
            "received_on": tomorrow,
            "text": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "framtiden" in str(response.json()["received_on"])
    assert not FeedbackItem.objects.exists()


def test_provider_cannot_create_feedback(api, provider_user, unit):
    api.force_authenticate(provider_user)
    response = api.post("/api/v1/feedback/", {"unit": unit.pk}, format="json")
    assert response.status_code == 403


def test_transition_through_the_api_and_a_skipped_step_is_refused(api, controller, unit):
    item = FeedbackItemFactory(unit=unit)
    api.force_authenticate(controller)
    refused = api.post(
        f"/api/v1/feedback/{item.pk}/transition/", {"status": "closed"}, format="json"
    )
    assert refused.status_code == 400
    assert "Stegen måste tas i ordning" in str(refused.json())
    # The shared API handler: one shape for every refusal.
    assert refused.json() == {
        "detail": "Ärendet är registrerad och kan inte bli avslutad. Nästa steg är: skickad till "
        "utföraren. Stegen måste tas i ordning."
    }
    item.refresh_from_db()
    assert item.status == Status.REGISTERED
    sent = api.post(f"/api/v1/feedback/{item.pk}/transition/", {"status": "sent"}, format="json")
    assert sent.status_code == 200
    assert sent.json()["status"] == Status.SENT


def test_provider_answers_through_the_api_and_gets_404_for_other_providers(
    api, provider_user, other_provider_user, unit
):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    api.force_authenticate(other_provider_user)
    url = f"/api/v1/feedback/{item.pk}/transition/"
    payload = {"status": "answered", "text": "Vi har åtgärdat"}
    assert api.post(url, payload, format="json").status_code == 404
    api.force_authenticate(provider_user)
    response = api.post(url, payload, format="json")
    assert response.status_code == 200
    assert response.json()["provider_action"] == "Vi har åtgärdat"


def test_provider_lists_only_its_own_sent_items(api, provider_user, unit, other_unit):
    mine = FeedbackItemFactory(unit=unit, status=Status.SENT)
    FeedbackItemFactory(unit=unit, status=Status.REGISTERED)
    FeedbackItemFactory(unit=other_unit, status=Status.SENT)
    api.force_authenticate(provider_user)
    rows = api.get("/api/v1/feedback/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]


def test_api_list_filters_and_has_a_constant_query_count(
    api, controller, unit, django_assert_max_num_queries
):
    for i in range(40):
        FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT if i % 2 else Kind.PRAISE)
    api.force_authenticate(controller)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/feedback/", {"kind": "complaint", "open": "true"})
    assert response.json()["count"] == 20
    assert response.json()["count_capped"] is False

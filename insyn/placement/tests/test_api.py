import pytest
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import UserFactory
from insyn.placement.models import Recommendation
from insyn.registry.tests.factories import category

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def need(**over):
    data = {"category": category().pk, "start_date": "2026-12-01", "age_min": 14, "age_max": 16}
    data.update(over)
    return data


def test_officer_searches_and_saves_recommendation_over_api(api, unit, case_worker):
    api.force_authenticate(UserFactory(placement_officer=True))
    rows = api.get("/api/v1/recommendations/search/", need()).json()
    assert rows[0]["unit"] == unit.pk
    assert rows[0]["reasons"][0]["text"]
    created = api.post(
        "/api/v1/recommendations/",
        {**need(), "units": [unit.pk], "case_worker": case_worker.pk},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["items"][0]["snapshot"]["org_number"] == unit.provider.org_number
    api.force_authenticate(case_worker)
    assert api.get(f"/api/v1/recommendations/{created.json()['id']}/").status_code == 200


def test_api_search_refuses_impossible_age_and_negative_price(api, unit):
    api.force_authenticate(UserFactory(placement_officer=True))
    response = api.get("/api/v1/recommendations/search/", need(age_min=17, age_max=3))
    assert response.status_code == 400
    assert "kan inte vara lägre" in str(response.json()["age_max"])
    response = api.get("/api/v1/recommendations/search/", need(max_price="-10"))
    assert response.status_code == 400
    assert "negativt" in str(response.json()["max_price"])
    assert not Recommendation.objects.exists()


def test_case_worker_and_provider_cannot_search_over_api(api, unit, case_worker, provider_user):
    for user in (case_worker, provider_user):
        api.force_authenticate(user)
        assert api.get("/api/v1/recommendations/search/", need()).status_code == 403
    api.force_authenticate(provider_user)
    assert api.get("/api/v1/recommendations/").status_code == 403

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.ratings.models import Placement, Rating
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory, active_questionnaire

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def api():
    return APIClient()


def payload(points=4):
    return {
        "answers": [
            {"question": q.pk, "alternative": q.alternatives.get(points=points).pk}
            for q in active_questionnaire().questions.all()
        ]
    }


@time_machine.travel(TODAY, tick=False)
def test_ordering_case_worker_submits_rating_once_over_api(api):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=70))
    api.force_authenticate(placement.case_worker)
    url = f"/api/v1/placements/{placement.pk}/rating/"
    first = api.post(url, payload(4), format="json")
    assert first.status_code == 201
    assert first.json()["score"] == "100.0"
    second = api.post(url, payload(1), format="json")
    assert second.status_code == 400
    assert "redan fått en rating" in second.json()["detail"]
    assert Rating.objects.get().score == Decimal("100.0")


@time_machine.travel(TODAY, tick=False)
def test_api_refuses_rating_from_someone_who_did_not_order(api, controller):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=70))
    api.force_authenticate(controller)
    response = api.post(f"/api/v1/placements/{placement.pk}/rating/", payload(), format="json")
    assert response.status_code == 403
    assert not Rating.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_api_refuses_answer_outside_alternatives(api):
    placement = PlacementFactory(start_date=TODAY - dt.timedelta(days=70))
    data = payload()
    data["answers"][0]["alternative"] = 999999
    api.force_authenticate(placement.case_worker)
    response = api.post(f"/api/v1/placements/{placement.pk}/rating/", data, format="json")
    assert response.status_code == 400
    assert "svarsalternativen" in response.json()["detail"]
    assert not Rating.objects.exists()


def test_api_creates_placement_and_refuses_personnummer(api, unit):
    worker = UserFactory(case_worker=True, org_unit=OrgUnitFactory())
    api.force_authenticate(worker)
    data = {
        "case_reference": "IFO-1",
        "unit": unit.pk,
        "district": worker.org_unit_id,
        "case_worker": worker.pk,
        "start_date": "2026-11-01",
        "category": unit.category_id,
        "client_gender": "any",
    }
    assert api.post("/api/v1/placements/", data, format="json").status_code == 201
    bad = api.post("/api/v1/placements/", {**data, "case_reference": "191212121212"}, format="json")
    assert bad.status_code == 400
    assert "personnummer" in str(bad.json()["case_reference"])
    assert Placement.objects.count() == 1


def test_provider_user_reads_only_own_aggregates_and_no_placements(
    api, provider_user, unit, other_unit
):
    for value in ("60.0", "70.0", "80.0"):
        RatingFactory(placement__unit=unit, score=Decimal(value))
        RatingFactory(placement__unit=other_unit, score=Decimal(value))
    api.force_authenticate(provider_user)
    rows = api.get("/api/v1/unit-ratings/").json()["results"]
    assert [(r["name"], r["mean"], r["count"]) for r in rows] == [("Egen Väg Hisingen", "70.0", 3)]
    assert api.get(f"/api/v1/unit-ratings/{other_unit.pk}/").status_code == 404
    assert api.get("/api/v1/placements/").status_code == 403
    body = str(api.get(f"/api/v1/unit-ratings/{unit.pk}/").json())
    assert "submitted_by" not in body and "case_worker" not in body


def test_unit_rating_is_null_below_minimum(api, controller, unit):
    RatingFactory(placement__unit=unit, score=Decimal("50.0"))
    api.force_authenticate(controller)
    assert api.get(f"/api/v1/unit-ratings/{unit.pk}/").json() == {
        "unit": unit.pk,
        "name": unit.name,
        "mean": None,
        "count": 1,
    }

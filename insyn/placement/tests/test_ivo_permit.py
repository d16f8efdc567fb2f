"""A unit of a category that requires an IVO permit, run privately and without a permit, is
never recommended: it is listed apart, marked, and cannot be saved in a recommendation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import UserFactory
from insyn.placement.models import Recommendation
from insyn.placement.ranking import Need, Ranking, RankingInputs, UnitFacts, lacks_required_permit
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory, category

NEED = Need(category_id=1, start_date=dt.date(2026, 12, 1))


def facts(pk, name, **kw):
    values = {
        "pk": pk,
        "name": name,
        "active": True,
        "provider_active": True,
        "category_id": 1,
        "target_age_min": None,
        "target_age_max": None,
        "target_gender": "any",
        "vacancies": None,
        "vacancies_confirmed_on": None,
        "price_per_day_framework": None,
        "price_indication": None,
        "district_id": None,
        "municipality": "",
        "ivo_permit_number": "3.5.1-1/2024",
        "operation_form": OperationForm.PRIVATE,
        "requires_permit": True,
    }
    values.update(kw)
    return UnitFacts(**values)


# Without its permit, the best unit by far: fresh vacancies and a framework agreement.
NO_PERMIT = facts(1, "Utan tillstånd", ivo_permit_number="", vacancies=3)
BLANK_PERMIT = facts(2, "Blankt tillstånd", ivo_permit_number="  ", operation_form="nonprofit")
WITH_PERMIT = facts(3, "Med tillstånd")
OWN = facts(4, "Egen regi", ivo_permit_number="", operation_form=OperationForm.OWN)
NOT_REQUIRED = facts(5, "Boendestöd", ivo_permit_number="", requires_permit=False)


def test_private_and_nonprofit_units_without_permit_lack_a_required_permit():
    assert lacks_required_permit(NO_PERMIT)
    assert lacks_required_permit(BLANK_PERMIT)
    assert not lacks_required_permit(WITH_PERMIT)
    # The municipality's own units are registered with IVO, not permitted.
    assert not lacks_required_permit(OWN)
    assert not lacks_required_permit(
        facts(6, "Region", ivo_permit_number="", operation_form="public")
    )
    assert not lacks_required_permit(NOT_REQUIRED)


def test_unit_without_required_permit_is_never_ranked_even_when_it_would_rank_first():
    inputs = RankingInputs(in_framework={1: True})
    ranking = Ranking([NO_PERMIT, BLANK_PERMIT, WITH_PERMIT, OWN, NOT_REQUIRED], NEED, inputs)
    # Each ranked unit: vacancies not reported 10, no framework, no rating, no price, elsewhere.
    assert [(r.unit.name, r.score) for r in ranking.rows()] == [
        ("Boendestöd", Decimal("10.00")),
        ("Egen regi", Decimal("10.00")),
        ("Med tillstånd", Decimal("10.00")),
    ]
    assert len(ranking) == 3
    assert [u.name for u in ranking.without_permit] == ["Utan tillstånd", "Blankt tillstånd"]


def test_unit_without_permit_that_does_not_fit_is_not_listed_apart_either():
    too_old = facts(7, "Vuxna", ivo_permit_number="", target_age_min=18)
    ranking = Ranking(
        [too_old], Need(category_id=1, start_date=NEED.start_date, age_max=15), RankingInputs()
    )
    assert ranking.rows() == [] and ranking.without_permit == []


@pytest.fixture
def register(db):
    permitted = UnitFactory(name="Tallen HVB", vacancies=1)
    lacking = UnitFactory(
        name="Granen HVB",
        ivo_permit_number="",
        vacancies=5,
        price_per_day_framework=Decimal("1000"),
    )
    own = UnitFactory(
        name="Kommunens HVB",
        ivo_permit_number="",
        provider=ProviderFactory(operation_form=OperationForm.OWN),
    )
    return permitted, lacking, own


def need_params():
    return {"category": category("hvb-barn").pk, "start_date": "2026-12-01"}


def test_default_hvb_and_lss_categories_require_a_permit_and_home_care_does_not(db):
    assert category("hvb-barn").requires_ivo_permit
    assert category("hvb-vuxna").requires_ivo_permit
    assert category("lss-boende").requires_ivo_permit
    assert not category("boendestod").requires_ivo_permit


def test_search_page_lists_unit_without_permit_apart_and_offers_no_checkbox(client, register):
    permitted, lacking, own = register
    client.force_login(UserFactory(placement_officer=True))
    body = client.get(reverse("placement:search"), need_params()).content.decode()
    results, apart = body.split("Saknar IVO-tillstånd – kan inte rekommenderas")
    assert "Tallen HVB" in results and "Kommunens HVB" in results
    assert "Granen HVB" not in results
    assert "Granen HVB" in apart
    assert f'name="units" value="{lacking.pk}"' not in body
    assert f'name="units" value="{permitted.pk}"' in body
    assert "2 verksamheter passar behovet." in body
    assert "1 verksamhet passar behovet men saknar tillstånd" in body


def test_unit_without_permit_cannot_be_saved_in_a_recommendation(client, register):
    _, lacking, _ = register
    client.force_login(UserFactory(placement_officer=True))
    receiver = UserFactory(case_worker=True)
    response = client.post(
        reverse("placement:recommend"),
        {**need_params(), "units": [lacking.pk], "case_worker": receiver.pk},
    )
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_api_search_leaves_out_unit_without_permit_and_lists_it_apart(register):
    permitted, lacking, own = register
    api = APIClient()
    api.force_authenticate(UserFactory(placement_officer=True))
    response = api.get("/api/v1/recommendations/search/", need_params())
    assert {row["unit"] for row in response.json()} == {permitted.pk, own.pk}
    assert response["X-Without-Permit-Count"] == "1"
    apart = api.get("/api/v1/recommendations/search/without-permit/", need_params()).json()
    assert apart == [
        {
            "unit": lacking.pk,
            "unit_name": "Granen HVB",
            "provider_name": lacking.provider.name,
            "vacancies": 5,
            "places": 10,
            "reason": "Saknar IVO-tillstånd – kan inte rekommenderas",
        }
    ]
    rejected = api.post(
        "/api/v1/recommendations/",
        {**need_params(), "units": [lacking.pk], "case_worker": UserFactory(case_worker=True).pk},
        format="json",
    )
    assert rejected.status_code == 400
    assert not Recommendation.objects.exists()

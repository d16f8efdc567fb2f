"""The register's HTTP API: scoping, permissions, validation, history and query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from rest_framework.test import APIClient

from insyn.core.history import history_for
from insyn.registry.models import Contract, Provider, Unit
from insyn.registry.tests.factories import (
    ContractFactory,
    ProviderFactory,
    RequirementFactory,
    UnitFactory,
    category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- Reading -----------------------------------------------------------------------------


def test_anonymous_request_is_refused_with_401(api, provider):
    response = api.get("/api/v1/providers/")
    assert response.status_code == 401
    assert "Authorization: Token" in response.json()["detail"]


def test_municipal_roles_list_every_provider(api, case_worker, provider, other_provider):
    response = as_user(api, case_worker).get("/api/v1/providers/")
    assert ids(response) == {provider.pk, other_provider.pk}


@pytest.mark.parametrize("org_number", ["5560360793", "556036-0793"])
def test_org_number_filter_finds_provider_with_or_without_dash(
    api, controller, other_provider, org_number
):
    wanted = ProviderFactory(org_number="556036-0793")
    response = as_user(api, controller).get("/api/v1/providers/", {"org_number": org_number})
    assert ids(response) == {wanted.pk}


def test_lists_use_the_page_filters(api, controller, provider):
    full = UnitFactory(provider=provider, vacancies=0)
    free = UnitFactory(provider=provider, vacancies=3)
    response = as_user(api, controller).get("/api/v1/units/", {"has_vacancies": "true"})
    assert ids(response) == {free.pk}
    response = api.get("/api/v1/units/", {"has_vacancies": "false"})
    assert ids(response) == {full.pk}


def test_free_text_search_on_providers(api, controller, provider, other_provider):
    response = as_user(api, controller).get("/api/v1/providers/", {"q": "Egen"})
    assert ids(response) == {provider.pk}


def test_running_filter_on_contracts(api, controller, provider):
    today = timezone.localdate()
    running = ContractFactory(provider=provider, start_date=today - dt.timedelta(days=10))
    ContractFactory(
        provider=provider,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=30),
    )
    response = as_user(api, controller).get("/api/v1/contracts/", {"running": "true"})
    assert ids(response) == {running.pk}


def test_ordering_uses_the_page_sort_names(api, controller):
    for name in ("Beta", "Alfa", "Gamma"):
        ProviderFactory(name=name)
    response = as_user(api, controller).get("/api/v1/providers/", {"ordering": "-name"})
    assert [row["name"] for row in response.json()["results"]] == ["Gamma", "Beta", "Alfa"]


def test_units_sort_by_provider_name(api, controller):
    UnitFactory(provider=ProviderFactory(name="Östra AB"), name="A")
    UnitFactory(provider=ProviderFactory(name="Aros AB"), name="B")
    response = as_user(api, controller).get("/api/v1/units/", {"ordering": "provider"})
    assert [row["provider_name"] for row in response.json()["results"]] == ["Aros AB", "Östra AB"]


def test_unknown_filter_id_gives_an_empty_list(api, controller):
    # An id that names no category is like one outside the scope: no rows, not an error.
    UnitFactory()
    response = as_user(api, controller).get("/api/v1/units/", {"category": 999999})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_invalid_filter_value_answers_400_in_swedish(api, controller):
    for value in ("0", "abc", ""):
        response = as_user(api, controller).get("/api/v1/units/", {"category": value})
        assert response.status_code == 400, value
        assert "category" in response.json()


def test_page_size_and_page_are_checked_not_guessed(api, controller):
    user = as_user(api, controller)
    for params in ({"page_size": "null"}, {"page_size": 0}, {"page_size": 501}, {"page": 0}):
        response = user.get("/api/v1/providers/", params)
        assert response.status_code == 400, params
        assert set(response.json()) == set(params)
    assert user.get("/api/v1/providers/", {"page_size": 500}).status_code == 200


def test_unknown_body_field_is_refused_by_name(api, controller):
    response = as_user(api, controller).post("/api/v1/providers/", {"nmae": "Omsorg AB"})
    assert response.status_code == 400
    assert "Okänt fält" in response.json()["nmae"][0]


def test_list_is_paginated(api, controller):
    ProviderFactory.create_batch(3)
    body = as_user(api, controller).get("/api/v1/providers/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_contract_shows_nested_requirements_and_unit_names(api, controller, unit):
    contract = ContractFactory(provider=unit.provider, units=[unit])
    RequirementFactory(contract=contract, clause="5.2", text="Avvikelser")
    body = as_user(api, controller).get(f"/api/v1/contracts/{contract.pk}/").json()
    assert body["units"] == [unit.pk]
    assert body["unit_names"] == [{"id": unit.pk, "name": "Egen Väg Hisingen"}]
    assert body["requirements"][0]["clause"] == "5.2"
    assert body["provider_name"] == "Egen Väg HVB AB"


# --- Provider users: only their own organisation ----------------------------------------


def test_provider_user_lists_only_its_own_rows(
    api, provider_user, provider, other_provider, unit, other_unit
):
    own_contract = ContractFactory(provider=provider, units=[unit])
    ContractFactory(provider=other_provider, units=[other_unit])
    as_user(api, provider_user)
    assert ids(api.get("/api/v1/providers/")) == {provider.pk}
    assert ids(api.get("/api/v1/units/")) == {unit.pk}
    assert ids(api.get("/api/v1/contracts/")) == {own_contract.pk}


def test_provider_user_cannot_find_another_provider_by_filter(
    api, provider_user, other_provider, other_unit
):
    as_user(api, provider_user)
    assert ids(api.get("/api/v1/providers/", {"org_number": other_provider.org_number})) == set()
    assert ids(api.get("/api/v1/units/", {"provider": other_provider.pk})) == set()
    assert ids(api.get("/api/v1/units/", {"q": other_unit.name})) == set()


@pytest.mark.parametrize("method", ["get", "patch", "put"])
def test_provider_user_gets_404_for_other_providers_records(
    api, provider_user, other_provider, other_unit, method
):
    other_contract = ContractFactory(provider=other_provider, units=[other_unit])
    as_user(api, provider_user)
    for url in (
        f"/api/v1/providers/{other_provider.pk}/",
        f"/api/v1/units/{other_unit.pk}/",
        f"/api/v1/contracts/{other_contract.pk}/",
    ):
        response = getattr(api, method)(url, {"vacancies": 0, "email": "x@example.se"})
        assert response.status_code == 404, url
        assert "finns inte" in response.json()["detail"]
    other_unit.refresh_from_db()
    assert other_unit.vacancies == 2


def test_provider_user_cannot_create_anything(api, provider_user, provider, unit):
    as_user(api, provider_user)
    provider_count, unit_count = Provider.objects.count(), Unit.objects.count()
    for url, data in (
        ("/api/v1/providers/", {"org_number": "5560360793", "name": "Ny AB"}),
        ("/api/v1/units/", {"provider": provider.pk, "name": "Ny", "category": unit.category_id}),
        ("/api/v1/contracts/", {"provider": provider.pk, "title": "X", "start_date": "2025-01-01"}),
    ):
        assert api.post(url, data, format="json").status_code == 403, url
    assert (Provider.objects.count(), Unit.objects.count()) == (provider_count, unit_count)
    assert not Contract.objects.exists()


def test_provider_user_cannot_change_its_contract(api, provider_user, provider):
    contract = ContractFactory(provider=provider, title="Ramavtal")
    response = as_user(api, provider_user).patch(
        f"/api/v1/contracts/{contract.pk}/", {"title": "Eget"}, format="json"
    )
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.title == "Ramavtal"


def test_provider_user_updates_vacancies_and_history_names_it(api, provider_user, unit):
    response = as_user(api, provider_user).patch(
        f"/api/v1/units/{unit.pk}/", {"vacancies": 5, "description": "Nytt"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["vacancies"] == 5
    unit.refresh_from_db()
    assert unit.vacancies == 5
    assert unit.vacancies_confirmed_on == timezone.localdate()
    latest = history_for(unit)[0]
    assert latest["actor"] == provider_user
    assert latest["by_provider"] is True
    assert {change["field"] for change in latest["changes"]} >= {"lediga platser"}


def test_provider_user_cannot_change_unit_fields_outside_the_portal(api, provider_user, unit):
    response = as_user(api, provider_user).patch(
        f"/api/v1/units/{unit.pk}/",
        {"vacancies": 3, "places": 50, "price_per_day_framework": "1.00"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"places", "price_per_day_framework"}
    assert "Kontakta kommunen" in body["places"][0]
    unit.refresh_from_db()
    assert (unit.places, unit.vacancies) == (10, 2)


def test_provider_user_vacancies_above_places_are_refused(api, provider_user, unit):
    response = as_user(api, provider_user).patch(
        f"/api/v1/units/{unit.pk}/", {"vacancies": 11}, format="json"
    )
    assert response.status_code == 400
    assert "kan inte vara fler än antal platser" in response.json()["vacancies"][0]


def test_provider_user_updates_own_contact_data_only(api, provider_user, provider):
    as_user(api, provider_user)
    response = api.patch(
        f"/api/v1/providers/{provider.pk}/", {"email": "ny@example.se"}, format="json"
    )
    assert response.status_code == 200, response.content
    response = api.patch(
        f"/api/v1/providers/{provider.pk}/",
        {"name": "Bytt namn AB", "org_number": "5560360793"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"name", "org_number"}
    provider.refresh_from_db()
    assert (provider.email, provider.name) == ("ny@example.se", "Egen Väg HVB AB")


# --- Municipal roles: who may write ------------------------------------------------------


def test_case_worker_reads_but_cannot_write(api, case_worker, provider, unit):
    as_user(api, case_worker)
    assert api.get(f"/api/v1/units/{unit.pk}/").status_code == 200
    response = api.patch(f"/api/v1/units/{unit.pk}/", {"vacancies": 0}, format="json")
    assert response.status_code == 403
    assert "behörighet" in response.json()["detail"]
    assert api.post("/api/v1/providers/", {"name": "X"}, format="json").status_code == 403


def test_delete_is_not_offered(api, controller, provider):
    response = as_user(api, controller).delete(f"/api/v1/providers/{provider.pk}/")
    assert response.status_code == 405
    assert Provider.objects.filter(pk=provider.pk).exists()


# --- Validation --------------------------------------------------------------------------


def test_controller_creates_provider_with_normalised_org_number(api, controller):
    response = as_user(api, controller).post(
        "/api/v1/providers/",
        {"org_number": "5560360793", "name": "Test AB", "operation_form": "private"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["org_number"] == "556036-0793"
    assert response.json()["has_framework"] is False
    assert Provider.objects.get().org_number == "556036-0793"


def test_invalid_org_number_is_refused_in_swedish(api, controller):
    response = as_user(api, controller).post(
        "/api/v1/providers/", {"org_number": "5560360794", "name": "Test AB"}, format="json"
    )
    assert response.status_code == 400
    assert "Ogiltigt organisationsnummer" in response.json()["org_number"][0]
    assert not Provider.objects.exists()


def test_duplicate_org_number_is_refused_and_names_the_existing_provider(api, controller, provider):
    response = as_user(api, controller).post(
        "/api/v1/providers/",
        {"org_number": provider.org_number.replace("-", ""), "name": "Kopia AB"},
        format="json",
    )
    assert response.status_code == 400
    assert "finns redan i registret (Egen Väg HVB AB)" in response.json()["org_number"][0]
    assert Provider.objects.count() == 1


def test_html_is_stored_as_text_and_returned_as_json(api, controller, provider):
    script = '<script>alert("x")</script> & Co'
    response = as_user(api, controller).post(
        "/api/v1/units/",
        {
            "provider": provider.pk,
            "name": script,
            "category": category().pk,
            "description": script,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    assert Unit.objects.get(pk=response.json()["id"]).name == script
    fetched = api.get(f"/api/v1/units/{response.json()['id']}/")
    assert fetched.json()["description"] == script
    assert fetched["Content-Type"] == "application/json"


def test_vacancies_above_places_are_refused(api, controller, provider):
    response = as_user(api, controller).post(
        "/api/v1/units/",
        {
            "provider": provider.pk,
            "name": "X",
            "category": category().pk,
            "places": 2,
            "vacancies": 5,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Lediga platser (5) kan inte vara fler än antal platser (2)" in str(
        response.json()["vacancies"]
    )
    assert not Unit.objects.exists()


@pytest.mark.parametrize("field", ["places", "price_per_day_framework", "price_indication"])
def test_negative_numbers_are_refused(api, controller, unit, field):
    response = as_user(api, controller).patch(
        f"/api/v1/units/{unit.pk}/", {field: -1}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert "0" in response.json()[field][0]
    unit.refresh_from_db()
    assert unit.places == 10
    assert unit.price_per_day_framework == Decimal("3500.00")


def test_unit_cannot_be_registered_for_a_removed_provider(api, controller, provider):
    provider.soft_delete()
    response = as_user(api, controller).post(
        "/api/v1/units/",
        {"provider": provider.pk, "name": "X", "category": category().pk},
        format="json",
    )
    assert response.status_code == 400
    assert "provider" in response.json()
    assert not Unit.objects.exists()


def test_unit_cannot_be_moved_to_another_provider(api, controller, unit, other_provider):
    response = as_user(api, controller).patch(
        f"/api/v1/units/{unit.pk}/", {"provider": other_provider.pk}, format="json"
    )
    assert response.status_code == 400
    assert "kan inte flyttas" in response.json()["provider"][0]


def test_controller_edit_is_recorded_with_the_api_user(api, controller, unit):
    response = as_user(api, controller).patch(
        f"/api/v1/units/{unit.pk}/", {"vacancies": 7}, format="json"
    )
    assert response.status_code == 200
    latest = history_for(unit)[0]
    assert latest["actor"] == controller
    assert latest["action"] == "Ändrad"
    assert {"field": "lediga platser", "old": "2", "new": "7"} in latest["changes"]


def contract_payload(provider, unit, **overrides):
    return {
        "contract_type": "framework",
        "title": "Ramavtal HVB",
        "provider": provider.pk,
        "units": [unit.pk],
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "annual_value": "1500000.00",
        "requirements": [
            {"clause": "5.1", "text": "Rutiner för avvikelser"},
            {"clause": "5.2", "text": "Dokumentation"},
        ],
        **overrides,
    }


def test_controller_creates_contract_with_requirements(api, controller, provider, unit):
    response = as_user(api, controller).post(
        "/api/v1/contracts/", contract_payload(provider, unit), format="json"
    )
    assert response.status_code == 201, response.content
    contract = Contract.objects.get()
    assert list(contract.units.all()) == [unit]
    assert sorted(contract.requirements.values_list("clause", flat=True)) == ["5.1", "5.2"]
    entries = LogEntry.objects.get_for_object(contract)
    assert entries.exists()
    assert {entry.actor for entry in entries} == {controller}


def test_end_date_before_start_date_is_refused(api, controller, provider, unit):
    response = as_user(api, controller).post(
        "/api/v1/contracts/",
        contract_payload(provider, unit, end_date="2024-12-31"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == ["Slutdatum kan inte vara före startdatum."]
    assert not Contract.objects.exists()


def test_negative_contract_value_is_refused(api, controller, provider, unit):
    response = as_user(api, controller).post(
        "/api/v1/contracts/", contract_payload(provider, unit, annual_value="-5"), format="json"
    )
    assert response.status_code == 400
    assert "annual_value" in response.json()


def test_units_of_another_provider_cannot_be_attached(api, controller, provider, unit, other_unit):
    response = as_user(api, controller).post(
        "/api/v1/contracts/",
        contract_payload(provider, unit, units=[unit.pk, other_unit.pk]),
        format="json",
    )
    assert response.status_code == 400
    assert "units" in response.json()
    assert not Contract.objects.exists()


def test_requirements_list_replaces_the_contracts_requirements(api, controller, provider, unit):
    contract = ContractFactory(provider=provider, units=[unit])
    kept = RequirementFactory(contract=contract, clause="1", text="Behålls")
    dropped = RequirementFactory(contract=contract, clause="2", text="Tas bort")
    response = as_user(api, controller).patch(
        f"/api/v1/contracts/{contract.pk}/",
        {
            "requirements": [
                {"id": kept.pk, "clause": "1", "text": "Behålls, ändrad"},
                {"clause": "3", "text": "Nytt krav"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    texts = dict(contract.requirements.values_list("clause", "text"))
    assert texts == {"1": "Behålls, ändrad", "3": "Nytt krav"}
    assert not contract.requirements.filter(pk=dropped.pk).exists()
    assert {r["clause"] for r in response.json()["requirements"]} == {"1", "3"}


def test_patch_without_requirements_leaves_them(api, controller, provider, unit):
    contract = ContractFactory(provider=provider, units=[unit])
    RequirementFactory(contract=contract)
    response = as_user(api, controller).patch(
        f"/api/v1/contracts/{contract.pk}/", {"title": "Nytt namn"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert contract.requirements.count() == 1
    assert response.json()["units"] == [unit.pk]


def test_requirement_of_another_contract_cannot_be_edited(api, controller, provider, unit):
    contract = ContractFactory(provider=provider)
    foreign = RequirementFactory(contract=ContractFactory(provider=provider), text="Orörd")
    response = as_user(api, controller).patch(
        f"/api/v1/contracts/{contract.pk}/",
        {"requirements": [{"id": foreign.pk, "clause": "9", "text": "Kapad"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "hör inte till det här avtalet" in str(response.json()["requirements"])
    foreign.refresh_from_db()
    assert foreign.text == "Orörd"


# --- Query counts stay constant as rows grow ---------------------------------------------


def _fill(n):
    for _ in range(n):
        provider = ProviderFactory()
        unit = UnitFactory(provider=provider)
        contract = ContractFactory(provider=provider, units=[unit])
        RequirementFactory(contract=contract)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("url", ["/api/v1/providers/", "/api/v1/units/", "/api/v1/contracts/"])
def test_list_query_count_does_not_grow_with_rows(
    api, controller, django_assert_max_num_queries, rows, url
):
    _fill(rows)
    as_user(api, controller)
    # count + page + (contracts) two prefetches; no query per row.
    with django_assert_max_num_queries(5):
        response = api.get(url)
    assert response.json()["count"] == rows

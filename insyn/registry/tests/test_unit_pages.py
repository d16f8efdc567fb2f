import pytest
from django.urls import reverse

from insyn.core.history import history_for
from insyn.registry.models import Unit
from insyn.registry.tests.factories import ContractFactory, UnitFactory, category

pytestmark = pytest.mark.django_db


def unit_form_data(provider, **overrides):
    data = {
        "provider": provider.pk,
        "name": "Solrosens HVB",
        "category": category().pk,
        "target_gender": "any",
        "places": "8",
        "vacancies": "2",
        "active": "on",
    }
    data.update(overrides)
    return data


def test_controller_registers_unit_for_provider(client, controller, provider):
    ContractFactory(provider=provider)  # the framework agreement the unit's price belongs to
    client.force_login(controller)
    response = client.post(
        reverse("registry:unit_create"),
        unit_form_data(provider, price_per_day_framework="3500,50"),
    )
    unit = Unit.objects.get(name="Solrosens HVB")
    assert response.status_code == 302
    assert unit.provider == provider
    assert str(unit.price_per_day_framework) == "3500.50"


def test_vacancies_above_places_are_refused(client, controller, provider):
    client.force_login(controller)
    response = client.post(
        reverse("registry:unit_create"), unit_form_data(provider, places="4", vacancies="5")
    )
    assert "kan inte vara fler än antal platser" in response.content.decode()
    assert not Unit.objects.filter(name="Solrosens HVB").exists()


def test_negative_price_is_refused(client, controller, provider):
    client.force_login(controller)
    response = client.post(
        reverse("registry:unit_create"), unit_form_data(provider, price_per_day_framework="-1")
    )
    assert response.status_code == 200
    assert "Beloppet kan inte vara negativt" in response.content.decode()
    assert not Unit.objects.exists()


def test_framework_price_is_refused_for_new_unit_of_provider_without_agreement(
    client, controller, provider
):
    ContractFactory(provider=provider, contract_type="direct_award")
    client.force_login(controller)
    response = client.post(
        reverse("registry:unit_create"),
        unit_form_data(provider, price_per_day_framework="3500"),
    )
    assert response.status_code == 200
    assert "Pris per dygn i ramavtal kan bara anges" in response.content.decode()
    assert not Unit.objects.exists()


def test_framework_price_is_refused_on_unit_outside_the_providers_agreement(
    client, controller, unit
):
    ContractFactory(provider=unit.provider)  # running, but without this unit
    client.force_login(controller)
    data = unit_form_data(unit.provider, name=unit.name, places="10")
    response = client.post(
        reverse("registry:unit_edit", args=[unit.pk]), {**data, "price_per_day_framework": "4200"}
    )
    unit.refresh_from_db()
    assert response.status_code == 200
    assert "Pris per dygn i ramavtal kan bara anges" in response.content.decode()
    assert unit.price_per_day_framework == 3500  # the factory's price, unchanged


def test_framework_price_is_saved_on_unit_covered_by_running_agreement(client, controller, unit):
    ContractFactory(provider=unit.provider, units=[unit])
    client.force_login(controller)
    data = unit_form_data(unit.provider, name=unit.name, places="10")
    response = client.post(
        reverse("registry:unit_edit", args=[unit.pk]), {**data, "price_per_day_framework": "4200"}
    )
    unit.refresh_from_db()
    assert response.status_code == 302
    assert unit.price_per_day_framework == 4200


def test_html_in_text_fields_is_shown_as_text(client, controller, provider):
    client.force_login(controller)
    client.post(
        reverse("registry:unit_create"),
        unit_form_data(provider, focus="<script>alert('x')</script>"),
    )
    unit = Unit.objects.get()
    body = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert "<script>alert(" not in body
    assert "&lt;script&gt;alert(" in body


def test_changing_vacancies_stamps_confirmation_date_and_history(client, controller, unit):
    client.force_login(controller)
    data = unit_form_data(unit.provider, name=unit.name, vacancies="1", places="10")
    response = client.post(reverse("registry:unit_edit", args=[unit.pk]), data)
    unit.refresh_from_db()
    assert response.status_code == 302
    assert unit.vacancies == 1
    assert unit.vacancies_confirmed_on is not None
    latest = history_for(unit)[0]
    assert latest["actor"] == controller
    assert any(change["field"] == "lediga platser" for change in latest["changes"])


def test_history_page_shows_who_changed_what(client, controller, unit):
    client.force_login(controller)
    client.post(
        reverse("registry:unit_edit", args=[unit.pk]),
        unit_form_data(unit.provider, name="Nytt namn", places="10"),
    )
    body = client.get(reverse("registry:unit_history", args=[unit.pk])).content.decode()
    assert "Nytt namn" in body
    assert str(controller) in body


def test_case_worker_reads_but_cannot_edit_units(client, case_worker, unit):
    client.force_login(case_worker)
    assert client.get(reverse("registry:unit_detail", args=[unit.pk])).status_code == 200
    assert client.get(reverse("registry:unit_edit", args=[unit.pk])).status_code == 403


def test_unit_list_filters_by_vacancies_and_framework(client, controller, provider):
    with_vacancy = UnitFactory(provider=provider, name="Har plats", vacancies=3)
    full = UnitFactory(provider=provider, name="Fullt", vacancies=0)
    ContractFactory(provider=provider, units=[full])
    client.force_login(controller)
    url = reverse("registry:unit_list")
    vacant = client.get(url, {"has_vacancies": "true"}).content.decode()
    framework = client.get(url, {"framework": "true"}).content.decode()
    assert with_vacancy.name in vacant and full.name not in vacant
    assert full.name in framework and with_vacancy.name not in framework


def test_unit_list_filters_by_age_in_target_group(client, controller, provider):
    UnitFactory(provider=provider, name="Tonår", target_age_min=13, target_age_max=17)
    UnitFactory(provider=provider, name="Vuxen", target_age_min=18, target_age_max=65)
    client.force_login(controller)
    body = client.get(reverse("registry:unit_list"), {"age": "15"}).content.decode()
    assert "Tonår" in body and "Vuxen" not in body


def test_unit_list_query_count_does_not_grow_with_rows(
    client, controller, provider, django_assert_max_num_queries
):
    client.force_login(controller)
    UnitFactory.create_batch(3, provider=provider)
    # 12, +1 for the user's scope (memberships and org tree, docs/memberships.md)
    with django_assert_max_num_queries(13) as small:
        client.get(reverse("registry:unit_list"))
    UnitFactory.create_batch(30, provider=provider)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("registry:unit_list"))


def test_provider_list_query_count_does_not_grow_with_rows(
    client, controller, django_assert_max_num_queries
):
    client.force_login(controller)
    UnitFactory.create_batch(3)
    # 12, +1 for the user's scope (memberships and org tree, docs/memberships.md)
    with django_assert_max_num_queries(13) as small:
        client.get(reverse("registry:provider_list"), {"category": category().pk})
    UnitFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("registry:provider_list"), {"category": category().pk})


def test_price_and_places_with_spaces_between_the_thousands_are_saved(client, controller, provider):
    client.force_login(controller)
    response = client.post(
        reverse("registry:unit_create"),
        unit_form_data(provider, price_indication="4 250,50", places="1\u00a0200", vacancies="0"),
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Solrosens HVB")
    assert str(unit.price_indication) == "4250.50"
    assert unit.places == 1200


def test_edit_form_shows_the_saved_price_with_a_decimal_comma(client, controller, unit):
    unit.price_indication = "4250.50"
    unit.save()
    client.force_login(controller)
    body = client.get(reverse("registry:unit_edit", args=[unit.pk])).content.decode()
    assert 'value="4\u00a0250,50"' in body

import pytest
from django.urls import reverse

from insyn.core.history import history_for
from insyn.registry.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_provider_user_lands_in_portal(client, provider_user):
    client.force_login(provider_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_portal_shows_only_own_units_and_contracts(
    client, provider_user, unit, other_unit, other_provider
):
    ContractFactory(provider=unit.provider, title="Vårt avtal", units=[unit])
    ContractFactory(provider=other_provider, title="Deras avtal", units=[other_unit])
    client.force_login(provider_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert unit.name in body and "Vårt avtal" in body
    assert other_unit.name not in body and "Deras avtal" not in body


def test_provider_cannot_open_other_providers_unit(client, provider_user, other_unit):
    client.force_login(provider_user)
    assert client.get(reverse("portal:unit_detail", args=[other_unit.pk])).status_code == 404
    assert client.get(reverse("portal:unit_edit", args=[other_unit.pk])).status_code == 404


def test_provider_cannot_change_other_providers_unit(client, provider_user, other_unit):
    client.force_login(provider_user)
    response = client.post(reverse("portal:unit_edit", args=[other_unit.pk]), {"vacancies": "0"})
    other_unit.refresh_from_db()
    assert response.status_code == 404
    assert other_unit.vacancies == 2


def test_provider_cannot_open_other_providers_contract(client, provider_user, other_unit):
    contract = ContractFactory(provider=other_unit.provider, units=[other_unit])
    client.force_login(provider_user)
    assert client.get(reverse("portal:contract_detail", args=[contract.pk])).status_code == 404


def test_provider_cannot_use_staff_register_pages(client, provider_user, unit, other_unit):
    client.force_login(provider_user)
    assert client.get(reverse("registry:provider_list")).status_code == 403
    assert client.get(reverse("registry:unit_list")).status_code == 403
    assert client.get(reverse("registry:unit_detail", args=[other_unit.pk])).status_code == 404
    assert client.get(reverse("registry:unit_edit", args=[unit.pk])).status_code == 403


def test_provider_updates_vacancies_and_history_names_the_provider(client, provider_user, unit):
    client.force_login(provider_user)
    response = client.post(
        reverse("portal:unit_edit", args=[unit.pk]),
        {"vacancies": "0", "focus": "Trauma", "description": "Ny beskrivning"},
    )
    unit.refresh_from_db()
    assert response.status_code == 302
    assert unit.vacancies == 0
    assert unit.vacancies_confirmed_on is not None
    entry = history_for(unit)[0]
    assert entry["actor"] == provider_user
    assert entry["by_provider"] is True


def test_controller_sees_provider_change_marked_in_history(client, provider_user, controller, unit):
    client.force_login(provider_user)
    client.post(reverse("portal:unit_edit", args=[unit.pk]), {"vacancies": "1"})
    client.force_login(controller)
    body = client.get(reverse("registry:unit_history", args=[unit.pk])).content.decode()
    assert f"utförare: {unit.provider.name}" in body


def test_provider_cannot_set_vacancies_above_places(client, provider_user, unit):
    client.force_login(provider_user)
    response = client.post(reverse("portal:unit_edit", args=[unit.pk]), {"vacancies": "99"})
    unit.refresh_from_db()
    assert "kan inte vara fler än antal platser" in response.content.decode()
    assert unit.vacancies == 2


def test_provider_cannot_change_price_through_portal(client, provider_user, unit):
    client.force_login(provider_user)
    client.post(
        reverse("portal:unit_edit", args=[unit.pk]),
        {"vacancies": "1", "price_per_day_framework": "1"},
    )
    unit.refresh_from_db()
    assert str(unit.price_per_day_framework) == "3500.00"


def test_provider_updates_contact_data(client, provider_user, provider):
    client.force_login(provider_user)
    response = client.post(
        reverse("portal:provider_edit"),
        {"email": "ny@example.se", "phone": "031-123456", "org_number": "5560360793"},
    )
    provider.refresh_from_db()
    assert response.status_code == 302
    assert provider.email == "ny@example.se"
    assert provider.org_number != "556036-0793"


def test_municipal_user_cannot_open_portal(client, controller):
    client.force_login(controller)
    assert client.get(reverse("portal:home")).status_code == 403


def _publish(unit, controller):
    from insyn.public import services as publication

    publication.publish_unit(unit, controller)


@pytest.mark.parametrize(
    "focus", ["Unga, kontakt 811218\u20139876", "Unga 19811278 9873", "Unga (Eva Ekström)"]
)
def test_provider_edit_of_published_focus_with_personal_data_is_refused_and_nothing_changes(
    client, provider_user, controller, unit, focus
):
    provider_user.first_name, provider_user.last_name = "Eva", "Ekström"
    provider_user.save()
    _publish(unit, controller)
    before = unit.focus
    client.force_login(provider_user)
    response = client.post(reverse("portal:unit_edit", args=[unit.pk]), {"focus": focus})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Verksamhetens inriktning innehåller" in body
    assert "ändringen sparades inte" in body
    unit.refresh_from_db()
    assert unit.focus == before


def test_provider_edit_of_published_focus_over_the_api_is_refused(provider_user, controller, unit):
    from rest_framework.test import APIClient

    _publish(unit, controller)
    api = APIClient()
    api.force_authenticate(provider_user)
    response = api.patch(f"/api/v1/units/{unit.pk}/", {"focus": "Unga 811218.9876"}, format="json")
    assert response.status_code == 400
    assert "personnummer" in response.json()["focus"][0]
    unit.refresh_from_db()
    assert "9876" not in unit.focus


def test_unpublished_unit_focus_is_not_held_to_the_publication_check(client, provider_user, unit):
    # Not public yet: the check runs when a controller publishes it (publish_unit).
    client.force_login(provider_user)
    client.post(reverse("portal:unit_edit", args=[unit.pk]), {"focus": "Eva Ekström"})
    unit.refresh_from_db()
    assert unit.focus == "Eva Ekström"

import pytest
from django.urls import reverse

from insyn.registry.models import Provider

pytestmark = pytest.mark.django_db


def test_controller_registers_provider_with_normalised_org_number(client, controller):
    client.force_login(controller)
    response = client.post(
        reverse("registry:provider_create"),
        {
            "org_number": "5560360793",
            "name": "Test AB",
            "operation_form": "private",
            "active": "on",
        },
    )
    provider = Provider.objects.get()
    assert response.status_code == 302
    assert provider.org_number == "556036-0793"


def test_invalid_org_number_is_rejected_in_swedish(client, controller):
    client.force_login(controller)
    response = client.post(
        reverse("registry:provider_create"),
        {"org_number": "5560360794", "name": "Test AB", "operation_form": "private"},
    )
    assert response.status_code == 200
    assert "Ogiltigt organisationsnummer" in response.content.decode()
    assert not Provider.objects.exists()


def test_duplicate_org_number_names_the_existing_provider(client, controller, provider):
    client.force_login(controller)
    response = client.post(
        reverse("registry:provider_create"),
        {
            "org_number": provider.org_number.replace("-", ""),
            "name": "Kopia AB",
            "operation_form": "private",
        },
    )
    assert "finns redan i registret (Egen Väg HVB AB)" in response.content.decode()
    assert Provider.objects.count() == 1


def test_provider_list_filters_by_free_text(client, controller, provider, other_provider):
    client.force_login(controller)
    response = client.get(reverse("registry:provider_list"), {"q": "Egen"})
    body = response.content.decode()
    assert "Egen Väg HVB AB" in body
    assert "Annan Omsorg AB" not in body


def test_provider_list_counts_live_units_only(client, controller, provider):
    from insyn.registry.queries import with_unit_count
    from insyn.registry.tests.factories import UnitFactory

    UnitFactory.create_batch(2, provider=provider)
    UnitFactory(provider=provider).soft_delete()
    counted = with_unit_count(Provider.objects.filter(pk=provider.pk)).get()
    assert counted.unit_count == 2

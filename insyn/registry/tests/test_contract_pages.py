import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insyn.registry.models import Contract
from insyn.registry.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def contract_form_data(provider, units=(), **overrides):
    data = {
        "contract_type": "framework",
        "title": "Ramavtal HVB 2026",
        "provider": provider.pk,
        "units": [u.pk for u in units],
        "start_date": "2026-01-01",
        "end_date": "2029-12-31",
        "annual_value": "2500000",
        "diary_number": "SN 2025/00042",
        "requirements-TOTAL_FORMS": "1",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-clause": "5.2",
        "requirements-0-text": "Rutiner för avvikelsehantering ska finnas.",
    }
    data.update(overrides)
    return data


def test_controller_registers_contract_with_requirements(client, controller, unit):
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_create"), contract_form_data(unit.provider, [unit])
    )
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert list(contract.units.all()) == [unit]
    assert contract.requirements.get().clause == "5.2"


def test_end_date_before_start_date_is_refused(client, controller, unit):
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_create"),
        contract_form_data(unit.provider, [unit], end_date="2025-12-31"),
    )
    assert "Slutdatum kan inte vara före startdatum" in response.content.decode()
    assert not Contract.objects.exists()


def test_units_of_another_provider_cannot_be_attached(client, controller, unit, other_unit):
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_create"), contract_form_data(unit.provider, [other_unit])
    )
    assert response.status_code == 200
    assert not Contract.objects.exists()


def test_unit_options_follow_the_chosen_provider(client, controller, unit, other_unit):
    client.force_login(controller)
    response = client.get(reverse("registry:contract_unit_options"), {"provider": unit.provider_id})
    body = response.content.decode()
    assert unit.name in body and other_unit.name not in body


def test_document_upload_and_download(client, controller, unit):
    contract = ContractFactory(provider=unit.provider, units=[unit])
    client.force_login(controller)
    client.post(
        reverse("registry:contract_document_upload", args=[contract.pk]),
        {"title": "Avtal", "file": SimpleUploadedFile("avtal.pdf", b"%PDF-1.4 demo")},
    )
    document = contract.documents.get()
    response = client.get(
        reverse("registry:contract_document_download", args=[contract.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"


def test_running_filter_hides_ended_contracts(client, controller, provider):
    ContractFactory(
        provider=provider,
        title="Gammalt",
        end_date=dt.date(2020, 1, 1),
        start_date=dt.date(2016, 1, 1),
    )
    ContractFactory(provider=provider, title="Pågående", end_date=None)
    client.force_login(controller)
    body = client.get(reverse("registry:contract_list"), {"running": "true"}).content.decode()
    assert "Pågående" in body and "Gammalt" not in body


def test_soft_deleted_provider_disappears_but_keeps_history(client, controller, provider):
    client.force_login(controller)
    response = client.post(reverse("registry:provider_delete", args=[provider.pk]))
    assert response.status_code == 302
    assert client.get(reverse("registry:provider_detail", args=[provider.pk])).status_code == 404
    provider.refresh_from_db()
    assert provider.deleted_at is not None


def test_contract_history_shows_units_added(client, controller, unit):
    client.force_login(controller)
    client.post(reverse("registry:contract_create"), contract_form_data(unit.provider, [unit]))
    contract = Contract.objects.get()
    response = client.get(reverse("registry:contract_history", args=[contract.pk]))
    assert response.status_code == 200
    assert f"Tillagda: {unit.name}" in response.content.decode()


def test_history_shows_a_dash_for_an_empty_old_value(client, controller, unit):
    client.force_login(controller)
    client.post(reverse("registry:contract_create"), contract_form_data(unit.provider, [unit]))
    contract = Contract.objects.get()
    body = client.get(reverse("registry:contract_history", args=[contract.pk])).content.decode()
    assert "None" not in body


def test_requirement_is_marked_essential_on_the_page(client, controller, unit):
    client.force_login(controller)
    data = contract_form_data(unit.provider, [unit], **{"requirements-0-essential": "on"})
    response = client.post(reverse("registry:contract_create"), data)
    assert response.status_code == 302
    requirement = Contract.objects.get().requirements.get()
    assert (requirement.clause, requirement.essential) == ("5.2", True)


def test_ended_contract_cannot_get_a_new_essential_requirement(client, controller, unit):
    client.force_login(controller)
    data = contract_form_data(
        unit.provider,
        [unit],
        start_date="2020-01-01",
        end_date="2022-12-31",
        **{"requirements-0-essential": "on"},
    )
    response = client.post(reverse("registry:contract_create"), data)
    assert response.status_code == 200
    assert "avtalet upphörde 2022-12-31 och kan inte få nya väsentliga kvalitetskrav" in (
        response.content.decode()
    )
    assert not Contract.objects.exists()


def test_annual_value_with_spaces_between_the_thousands_is_saved(client, controller, unit):
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_create"),
        contract_form_data(unit.provider, [unit], annual_value="36 900 000"),
    )
    assert response.status_code == 302
    assert str(Contract.objects.get().annual_value) == "36900000.00"


def test_annual_value_in_english_form_is_refused_by_name(client, controller, unit):
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_create"),
        contract_form_data(unit.provider, [unit], annual_value="36,900,000"),
    )
    assert response.status_code == 200
    assert (
        "Årligt värde (kr): ”36,900,000” är skrivet i engelskt talformat"
        in response.content.decode()
    )
    assert not Contract.objects.exists()

"""A contract is its responsible committee's (issue 12): only a controller or administrator
whose membership covers that committee changes it (page, API, documents), and moving it to
another committee needs that committee too. A contract without committee is the whole
municipality's: a central membership."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import UserFactory, two_committees
from insyn.registry.models import Contract
from insyn.registry.tests.factories import ContractFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return two_committees()


@pytest.fixture
def contract(org):
    unit = UnitFactory(name="HVB Lunden")
    return ContractFactory(
        title="Ramavtal HVB",
        committee=org["centrum"],
        provider=unit.provider,
        units=[unit],
        annual_value=Decimal("1000000"),
    )


def controller_of(*committees, role=Role.CONTROLLER):
    """A user whose memberships are exactly `role` in each committee (None: central)."""
    user = UserFactory(role=role, org_unit=committees[0])
    for committee in committees[1:]:
        Membership.objects.create(user=user, role=role, org_unit=committee)
    return user


def fresh(user):
    """The user read anew, so the memberships added after creation count."""
    return type(user).objects.get(pk=user.pk)


# --- The rule ----------------------------------------------------------------------------


def test_controller_changes_only_the_contracts_of_a_committee_they_cover(org, contract):
    centrum = controller_of(org["centrum"])
    nordost = controller_of(org["nordost"])
    assert centrum.has_perm("registry.change_contract", contract)
    assert not nordost.has_perm("registry.change_contract", contract)
    # Lists and menus ask without an object: the role alone answers.
    assert nordost.has_perm("registry.change_contract")


def test_a_second_membership_counts_only_in_a_role_that_may_change(org, contract):
    """Controller in Nordost and manager in Centrum: the manager membership does not let the
    user change Centrum's contract; a second controller membership does."""
    user = controller_of(org["nordost"])
    Membership.objects.create(user=user, role=Role.MANAGER, org_unit=org["centrum"])
    assert not fresh(user).has_perm("registry.change_contract", contract)
    Membership.objects.create(user=user, role=Role.CONTROLLER, org_unit=org["centrum"])
    assert fresh(user).has_perm("registry.change_contract", contract)


def test_a_contract_without_committee_needs_a_central_membership(org):
    municipal = ContractFactory(committee=None)
    assert not controller_of(org["centrum"]).has_perm("registry.change_contract", municipal)
    assert controller_of(None).has_perm("registry.change_contract", municipal)
    # A membership in the municipality at the top of the tree is central too.
    assert controller_of(org["kommun"]).has_perm("registry.change_contract", municipal)
    admin = controller_of(None, role=Role.ADMIN)
    assert admin.has_perm("registry.change_contract", municipal)


def test_manager_of_the_committee_may_not_change_it(org, contract):
    assert not controller_of(org["centrum"], role=Role.MANAGER).has_perm(
        "registry.change_contract", contract
    )


# --- The page ------------------------------------------------------------------------------


def contract_data(contract, committee):
    return {
        "contract_type": contract.contract_type,
        "title": contract.title,
        "provider": contract.provider_id,
        "units": [u.pk for u in contract.units.all()],
        "committee": committee.pk if committee is not None else "",
        "start_date": "2024-01-01",
        "end_date": "2027-12-31",
        "annual_value": "2000000",
        "version": contract.version,
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
    }


def test_the_page_hides_edit_and_upload_from_another_committees_controller(client, org, contract):
    edit_url = reverse("registry:contract_edit", args=[contract.pk])
    client.force_login(controller_of(org["nordost"]))
    page = client.get(contract.get_absolute_url()).content.decode()
    assert edit_url not in page and "Bifoga dokument" not in page
    refused = client.get(edit_url)
    assert refused.status_code == 403
    assert "medlemskap i avtalets ansvariga nämnd (Socialnämnden Centrum)" in (
        refused.content.decode()
    )
    client.force_login(controller_of(org["centrum"]))
    page = client.get(contract.get_absolute_url()).content.decode()
    assert edit_url in page and "Bifoga dokument" in page


def test_moving_a_contract_to_a_committee_one_does_not_cover_is_a_form_error(client, org, contract):
    client.force_login(controller_of(org["centrum"]))
    response = client.post(
        reverse("registry:contract_edit", args=[contract.pk]),
        contract_data(contract, org["nordost"]),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["committee"]
    assert errors["committee"][0].startswith("Ansvarig nämnd: du kan inte lägga avtalet på ")
    assert "Socialnämnden Nordost" in errors["committee"][0]
    stored = Contract.objects.get(pk=contract.pk)
    assert (stored.committee, stored.annual_value) == (org["centrum"], Decimal("1000000"))


def test_emptying_the_committee_needs_a_central_membership(client, org, contract):
    client.force_login(controller_of(org["centrum"]))
    response = client.post(
        reverse("registry:contract_edit", args=[contract.pk]), contract_data(contract, None)
    )
    assert "hör till hela kommunen" in response.context["form"].errors["committee"][0]
    assert Contract.objects.get(pk=contract.pk).committee == org["centrum"]


def test_controller_of_both_committees_moves_the_contract(client, org, contract):
    client.force_login(controller_of(org["centrum"], org["nordost"]))
    response = client.post(
        reverse("registry:contract_edit", args=[contract.pk]),
        contract_data(contract, org["nordost"]),
    )
    assert response.status_code == 302
    stored = Contract.objects.get(pk=contract.pk)
    assert (stored.committee, stored.annual_value) == (org["nordost"], Decimal("2000000"))


def test_a_new_contract_is_only_given_to_a_committee_one_covers(client, org, contract):
    client.force_login(controller_of(org["centrum"]))
    data = contract_data(contract, org["nordost"])
    data.pop("version")
    data["title"] = "Nytt avtal"
    response = client.post(reverse("registry:contract_create"), data)
    assert "committee" in response.context["form"].errors
    assert not Contract.objects.filter(title="Nytt avtal").exists()
    response = client.post(
        reverse("registry:contract_create"), {**data, "committee": org["centrum"].pk}
    )
    assert response.status_code == 302
    assert Contract.objects.get(title="Nytt avtal").committee == org["centrum"]


# --- The API -------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient()


def test_api_patch_of_another_committees_contract_is_refused_with_why(api, org, contract):
    api.force_authenticate(controller_of(org["nordost"]))
    response = api.patch(f"/api/v1/contracts/{contract.pk}/", {"annual_value": "1"}, format="json")
    assert response.status_code == 403
    assert "Socialnämnden Centrum" in response.json()["detail"]
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("1000000")


def test_api_patch_moving_the_contract_needs_the_new_committee(api, org, contract):
    api.force_authenticate(controller_of(org["centrum"]))
    url = f"/api/v1/contracts/{contract.pk}/"
    response = api.patch(url, {"committee": org["nordost"].pk}, format="json")
    assert response.status_code == 400
    assert "Socialnämnden Nordost" in response.json()["committee"][0]
    assert Contract.objects.get(pk=contract.pk).committee == org["centrum"]
    # Other fields of the own contract are changed as before.
    assert api.patch(url, {"annual_value": "3000000"}, format="json").status_code == 200
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("3000000")

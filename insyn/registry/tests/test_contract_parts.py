"""The committees' parts of a contract on the contract page and in the API (issue 12):
listed, added, changed and removed by a controller of the contract's responsible committee."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import UserFactory, two_committees
from insyn.core.history import history_for
from insyn.core.models import ActionLog
from insyn.registry import services
from insyn.registry.models import ContractCommittee
from insyn.registry.tests.factories import ContractFactory, UnitFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return two_committees()


@pytest.fixture
def contract(org):
    hvb = UnitFactory(name="HVB Lunden")
    stod = UnitFactory(name="Stödboende Ekan", category=category("boendestod"))
    return ContractFactory(
        title="Ramavtal HVB och stöd", committee=org["centrum"], units=[hvb, stod]
    )


@pytest.fixture
def centrum_controller(org):
    return UserFactory(controller=True, org_unit=org["centrum"])


@pytest.fixture
def nordost_controller(org):
    return UserFactory(controller=True, org_unit=org["nordost"])


def nordost_part(contract, org, text="Stödboende"):
    part = ContractCommittee.objects.create(contract=contract, committee=org["nordost"], part=text)
    part.categories.set([category("boendestod")])
    return part


def parts_of(contract):
    return {
        part.committee.name: (part.part, sorted(c.code for c in part.categories.all()))
        for part in contract.committee_parts.all()
    }


def add_url(contract):
    return reverse("registry:contract_part_add", args=[contract.pk])


def edit_url(part):
    return reverse("registry:contract_part_edit", args=[part.contract_id, part.pk])


def remove_url(part):
    return reverse("registry:contract_part_remove", args=[part.contract_id, part.pk])


# --- The contract page ----------------------------------------------------------------------


def test_contract_page_lists_each_committees_part(client, contract, org, centrum_controller):
    nordost_part(contract, org)
    client.force_login(centrum_controller)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Nämndernas delar" in page
    assert "Socialnämnden Centrum (ansvarig nämnd)" in page
    assert "hela avtalet" in page  # Centrum's part has no categories
    assert "<td>Stödboende</td>" in page
    assert f"<td>{category('boendestod').name}</td>" in page
    assert add_url(contract) in page
    # The responsible committee's part has no remove button; Nordost's has one.
    assert remove_url(contract.committee_parts.get(committee=org["nordost"])) in page
    assert remove_url(contract.committee_parts.get(committee=org["centrum"])) not in page


def test_case_worker_sees_the_parts_but_no_buttons(client, contract, case_worker):
    client.force_login(case_worker)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Socialnämnden Centrum (ansvarig nämnd)" in page
    assert add_url(contract) not in page
    assert "/delar/" not in page


def test_controller_adds_a_part_for_another_committee(client, contract, org, centrum_controller):
    client.force_login(centrum_controller)
    response = client.post(
        add_url(contract),
        {
            "committee": org["nordost"].pk,
            "part": "Stödboende för unga vuxna",
            "categories": [category("boendestod").pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#delar")
    assert parts_of(contract) == {
        "Socialnämnden Centrum": ("", []),
        "Socialnämnden Nordost": ("Stödboende för unga vuxna", ["boendestod"]),
    }
    event = ActionLog.objects.get(action="insyn.registry.contract.part_added")
    assert event.user == centrum_controller
    assert event.data == {
        "committee": "Socialnämnden Nordost",
        "part": f"Stödboende för unga vuxna ({category('boendestod').name})",
    }


def test_a_committee_gets_one_part_per_contract(client, contract, org, centrum_controller):
    client.force_login(centrum_controller)
    response = client.post(add_url(contract), {"committee": org["centrum"].pk, "part": "Allt"})
    assert response.status_code == 200
    assert "Socialnämnden Centrum har redan en del av avtalet" in response.content.decode()
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}


def test_only_a_committee_can_have_a_part(client, contract, org, centrum_controller):
    client.force_login(centrum_controller)
    response = client.post(add_url(contract), {"committee": org["forvaltning"].pk})
    assert response.status_code == 200
    assert "Bara aktiva organisationsenheter av typen nämnd" in response.content.decode()
    assert contract.committee_parts.count() == 1
    # The rule itself, for a caller that skips the form's choices.
    problems = services.part_problems(contract, org["forvaltning"], [])
    assert problems == {
        "committee": services.NOT_A_COMMITTEE.format(name="Socialförvaltningen Centrum")
    }


def test_the_service_refuses_a_second_part_the_form_did_not_see(contract, org, centrum_controller):
    """Two editors adding the same committee: the second's write is refused, not doubled."""
    with pytest.raises(services.PartRefused, match="har redan en del av avtalet"):
        services.add_part(contract, org["centrum"], "Igen", [], centrum_controller)
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}
    assert not ActionLog.objects.exists()


def test_an_inactive_committee_cannot_get_a_part(contract, org):
    org["nordost"].active = False
    org["nordost"].save()
    assert "committee" in services.part_problems(contract, org["nordost"], [])


def test_categories_outside_the_contracts_units_are_refused(
    client, contract, org, centrum_controller
):
    client.force_login(centrum_controller)
    response = client.post(
        add_url(contract),
        {"committee": org["nordost"].pk, "categories": [category("lss-boende").pk]},
    )
    assert response.status_code == 200
    assert "finns inte bland avtalets verksamheters kategorier" in response.content.decode()
    assert contract.committee_parts.count() == 1
    assert sorted(services.part_categories(contract).values_list("code", flat=True)) == [
        "boendestod",
        "hvb-barn",
    ]


def test_controller_narrows_the_responsible_committees_part(
    client, contract, org, centrum_controller
):
    client.force_login(centrum_controller)
    part = contract.committee_parts.get()
    response = client.post(
        edit_url(part), {"part": "HVB barn och unga", "categories": [category("hvb-barn").pk]}
    )
    assert response.status_code == 302
    assert parts_of(contract) == {"Socialnämnden Centrum": ("HVB barn och unga", ["hvb-barn"])}
    assert ActionLog.objects.filter(action="insyn.registry.contract.part_changed").count() == 1


def test_editing_cannot_move_a_part_to_another_committee(client, contract, org, centrum_controller):
    client.force_login(centrum_controller)
    part = contract.committee_parts.get()
    client.post(edit_url(part), {"committee": org["nordost"].pk, "part": "Flyttad"})
    part.refresh_from_db()
    assert part.committee == org["centrum"] and part.part == "Flyttad"


def test_removing_a_part_asks_first_then_removes(client, contract, org, centrum_controller):
    part = nordost_part(contract, org)
    client.force_login(centrum_controller)
    asked = client.post(remove_url(part))
    assert asked.status_code == 200
    assert "Ta bort delen för Socialnämnden Nordost?" in asked.content.decode()
    assert ContractCommittee.objects.filter(pk=part.pk).exists()

    response = client.post(remove_url(part), {"confirmed": "1"})
    assert response.status_code == 302
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}
    event = ActionLog.objects.get(action="insyn.registry.contract.part_removed")
    assert event.data == {"committee": "Socialnämnden Nordost"}


def test_responsible_committees_part_cannot_be_removed(client, contract, centrum_controller):
    part = contract.committee_parts.get()
    client.force_login(centrum_controller)
    response = client.post(remove_url(part), {"confirmed": "1"}, follow=True)
    page = response.content.decode()
    assert "Socialnämnden Centrum är avtalets ansvariga nämnd" in page
    assert "kan inte tas bort" in page
    assert ContractCommittee.objects.filter(pk=part.pk).exists()


def test_other_committees_controller_is_refused_and_nothing_changed(
    client, contract, org, nordost_controller
):
    part = nordost_part(contract, org)
    client.force_login(nordost_controller)
    before = parts_of(contract)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert add_url(contract) not in page  # sees the parts, no buttons
    refused = client.get(add_url(contract))
    assert refused.status_code == 403
    assert "medlemskap i avtalets ansvariga nämnd (Socialnämnden Centrum)" in (
        refused.content.decode()
    )
    assert client.post(add_url(contract), {"committee": org["nordost"].pk}).status_code == 403
    assert client.post(edit_url(part), {"part": "Ändrad"}).status_code == 403
    assert client.post(remove_url(part), {"confirmed": "1"}).status_code == 403
    assert parts_of(contract) == before
    assert not ActionLog.objects.filter(action__startswith="insyn.registry.contract.part").exists()


def test_a_part_of_another_contract_is_not_found(client, contract, org, centrum_controller):
    elsewhere = ContractFactory(committee=org["centrum"]).committee_parts.get()
    client.force_login(centrum_controller)
    url = reverse("registry:contract_part_edit", args=[contract.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_contract_history_shows_the_parts_changes(client, contract, org, centrum_controller):
    client.force_login(centrum_controller)
    client.post(add_url(contract), {"committee": org["nordost"].pk, "part": "Stödboende"})
    part = contract.committee_parts.get(committee=org["nordost"])
    client.post(remove_url(part), {"confirmed": "1"})
    actions = [row["action"] for row in history_for(contract)]
    assert "Delen för Socialnämnden Nordost togs bort ur avtalet Ramavtal HVB och stöd." in actions
    assert (
        "Socialnämnden Nordost fick en del av avtalet Ramavtal HVB och stöd: Stödboende." in actions
    )
    page = client.get(reverse("registry:contract_history", args=[contract.pk])).content.decode()
    assert "Delen för Socialnämnden Nordost togs bort" in page


def test_part_field_changes_are_in_the_contract_history(contract, centrum_controller):
    part = contract.committee_parts.get()
    services.change_part(part, "HVB", [category("hvb-barn")], centrum_controller)
    rows = history_for(contract, related=[ContractCommittee.objects.filter(contract=contract)])
    changed = [row for row in rows if row["action"].startswith("Ändrad (nämnds del av avtal")]
    assert {row["actor"] for row in changed} == {centrum_controller}
    changes = [change for row in changed for change in row["changes"]]
    assert {"field": "nämndens del", "old": None, "new": "HVB"} in changes
    assert {"field": "kategorier", "old": None, "new": "Tillagda: HVB barn och unga"} in changes


# --- API ------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient()


def parts_url(contract):
    return f"/api/v1/contracts/{contract.pk}/parts/"


def test_api_contract_shows_the_parts(api, contract, org, case_worker):
    nordost_part(contract, org)
    api.force_authenticate(case_worker)
    data = api.get(f"/api/v1/contracts/{contract.pk}/").json()
    by_name = {part["committee_name"]: part for part in data["committee_parts"]}
    assert by_name["Socialnämnden Centrum"] == {
        "id": contract.committee_parts.get(committee=org["centrum"]).pk,
        "committee": org["centrum"].pk,
        "committee_name": "Socialnämnden Centrum",
        "part": "",
        "categories": [],
        "category_codes": [],
        "responsible": True,
    }
    nordost = by_name["Socialnämnden Nordost"]
    assert nordost["categories"] == [category("boendestod").pk]
    assert nordost["category_codes"] == ["boendestod"]
    assert nordost["responsible"] is False


def test_api_parts_replace_the_contracts_parts(api, contract, org, centrum_controller):
    nordost_part(contract, org)
    lundby = OrgUnit.objects.create(
        name="Socialnämnden Lundby", kind=OrgUnitKind.COMMITTEE, parent=org["centrum"].parent
    )
    api.force_authenticate(centrum_controller)
    response = api.post(
        parts_url(contract),
        {
            "parts": [
                {
                    "committee": org["centrum"].pk,
                    "part": "HVB",
                    "categories": [category("hvb-barn").pk],
                },
                {"committee": lundby.pk},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert parts_of(contract) == {
        "Socialnämnden Centrum": ("HVB", ["hvb-barn"]),
        "Socialnämnden Lundby": ("", []),
    }
    assert {p["committee_name"] for p in response.json()["committee_parts"]} == {
        "Socialnämnden Centrum",
        "Socialnämnden Lundby",
    }
    actions = sorted(
        ActionLog.objects.filter(user=centrum_controller).values_list("action", flat=True)
    )
    assert actions == [
        "insyn.registry.contract.part_added",
        "insyn.registry.contract.part_changed",
        "insyn.registry.contract.part_removed",
    ]


def test_api_parts_must_keep_the_responsible_committee(api, contract, org, centrum_controller):
    api.force_authenticate(centrum_controller)
    response = api.post(
        parts_url(contract), {"parts": [{"committee": org["nordost"].pk}]}, format="json"
    )
    assert response.status_code == 400
    assert (
        "Socialnämnden Centrum är avtalets ansvariga nämnd och måste ha en del"
        in (response.json()["parts"][0])
    )
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}


def test_api_parts_refuse_a_committee_listed_twice(api, contract, org, centrum_controller):
    api.force_authenticate(centrum_controller)
    response = api.post(
        parts_url(contract),
        {"parts": [{"committee": org["centrum"].pk}, {"committee": org["centrum"].pk}]},
        format="json",
    )
    assert response.status_code == 400
    assert "finns två gånger i listan" in response.json()["parts"][0]


def test_api_parts_refuse_a_unit_that_is_no_committee(api, contract, org, centrum_controller):
    api.force_authenticate(centrum_controller)
    response = api.post(
        parts_url(contract),
        {"parts": [{"committee": org["centrum"].pk}, {"committee": org["forvaltning"].pk}]},
        format="json",
    )
    assert response.status_code == 400
    assert "är ingen aktiv nämnd" in str(response.json()["parts"])
    assert contract.committee_parts.count() == 1


def test_api_parts_refuse_a_category_outside_the_contract_and_change_nothing(
    api, contract, org, centrum_controller
):
    api.force_authenticate(centrum_controller)
    response = api.post(
        parts_url(contract),
        {
            "parts": [
                {"committee": org["centrum"].pk, "part": "Ändrad"},
                {"committee": org["nordost"].pk, "categories": [category("lss-boende").pk]},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "finns inte bland avtalets verksamheters kategorier" in response.json()["parts"][0]
    # All or nothing: Centrum's change, made before Nordost's part failed, is rolled back.
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}


def test_api_other_committees_controller_is_refused(api, contract, org, nordost_controller):
    api.force_authenticate(nordost_controller)
    response = api.post(
        parts_url(contract),
        {"parts": [{"committee": org["centrum"].pk}, {"committee": org["nordost"].pk}]},
        format="json",
    )
    assert response.status_code == 403
    assert "Socialnämnden Centrum" in response.json()["detail"]
    assert parts_of(contract) == {"Socialnämnden Centrum": ("", [])}


def test_api_case_worker_cannot_set_parts(api, contract, org, case_worker):
    api.force_authenticate(case_worker)
    response = api.post(
        parts_url(contract), {"parts": [{"committee": org["centrum"].pk}]}, format="json"
    )
    assert response.status_code == 403
    assert contract.committee_parts.count() == 1


def test_api_docs_state_the_parts_permission():
    from insyn.core.permission_docs import describe_permission

    text = describe_permission("registry.change_contract_parts")
    assert "controller eller administratör" in text
    assert "med medlemskap i avtalets ansvariga nämnd" in text


def test_django_admin_shows_the_parts_but_changes_them_nowhere(contract, org):
    # One way in: the contract page and the API, where the rules and the history apply.
    nordost_part(contract, org)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    url = reverse("admin:registry_contract_change", args=[contract.pk])
    html = client.get(url).content.decode()
    assert "Socialnämnden Nordost" in html
    assert 'name="committee_parts-0-part"' not in html
    assert "committee_parts-__prefix__" not in html  # no empty form to add one

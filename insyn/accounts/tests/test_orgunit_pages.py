"""The administrator keeps the organisational tree: list, create, edit, deactivate, history."""

import pytest
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.forms import UserFilterForm
from insyn.accounts.models import OrgUnit
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    kommun = OrgUnitFactory(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    namnd = OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    forvaltning = OrgUnitFactory(
        name="Socialförvaltningen", kind=OrgUnitKind.ADMINISTRATION, parent=namnd
    )
    stadsdel = OrgUnitFactory(name="Stadsdel Väster", kind=OrgUnitKind.DISTRICT, parent=forvaltning)
    return kommun, namnd, forvaltning, stadsdel


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _form(unit, **changes):
    data = {
        "name": unit.name,
        "kind": unit.kind,
        "code": unit.code,
        "parent": unit.parent_id or "",
        "active": "on" if unit.active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_orgunit_list_shows_the_tree_nested_by_level(admin_client, tree):
    body = admin_client.get(reverse("accounts:orgunit_list")).content.decode()
    body = body[body.index('aria-label="Organisationsträd"') :]
    positions = [
        body.index(name)
        for name in ("Demokommunen", "Socialnämnden", "Socialförvaltningen", "Stadsdel Väster")
    ]
    assert positions == sorted(positions)
    # Each level sits in a list nested inside its parent's item.
    branch = body[body.index("Demokommunen") : body.index("Stadsdel Väster")]
    assert branch.count("<ul>") == 3


def test_admin_creates_a_district_under_an_administration(admin_client, tree):
    forvaltning = tree[2]
    response = admin_client.post(
        reverse("accounts:orgunit_create"),
        {
            "name": "Stadsdel Öster",
            "kind": "district",
            "code": "SD2",
            "parent": forvaltning.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    created = OrgUnit.objects.get(name="Stadsdel Öster")
    assert created.parent == forvaltning
    assert created.code == "SD2"


def test_admin_renames_a_unit_and_the_change_is_in_its_history(admin_client, admin_user, tree):
    stadsdel = tree[3]
    admin_client.post(
        reverse("accounts:orgunit_edit", args=[stadsdel.pk]),
        _form(stadsdel, name="Stadsdel Västra"),
    )
    stadsdel.refresh_from_db()
    assert stadsdel.name == "Stadsdel Västra"
    body = admin_client.get(reverse("accounts:orgunit_history", args=[stadsdel.pk])).content
    body = body.decode()
    assert "Stadsdel Väster" in body and "Stadsdel Västra" in body
    assert str(admin_user) in body


def test_a_unit_cannot_be_moved_under_its_own_descendant(admin_client, tree):
    _, namnd, _, stadsdel = tree
    namnd_same_level = OrgUnitFactory(
        name="Stadsdel Syd", kind=OrgUnitKind.DISTRICT, parent=stadsdel
    )
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[stadsdel.pk]),
        _form(stadsdel, parent=namnd_same_level.pk),
    )
    assert response.status_code == 200
    assert "kan inte ligga under sig själv eller under en av sina underenheter" in (
        response.content.decode()
    )
    stadsdel.refresh_from_db()
    assert stadsdel.parent == tree[2]


def test_a_unit_cannot_be_its_own_parent(admin_client, tree):
    stadsdel = tree[3]
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[stadsdel.pk]), _form(stadsdel, parent=stadsdel.pk)
    )
    assert "kan inte ligga under sig själv" in response.content.decode()
    stadsdel.refresh_from_db()
    assert stadsdel.parent == tree[2]


def test_a_committee_cannot_be_placed_under_a_district(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:orgunit_create"),
        {"name": "Ny nämnd", "kind": "committee", "parent": tree[3].pk, "active": "on"},
    )
    assert "En nämnd kan inte ligga under en stadsdel" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Ny nämnd").exists()


def test_a_municipality_has_no_parent(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:orgunit_create"),
        {"name": "Grannkommunen", "kind": "municipality", "parent": tree[0].pk, "active": "on"},
    )
    assert "En kommun ligger överst" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Grannkommunen").exists()


def test_a_second_top_level_municipality_is_refused(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:orgunit_create"),
        {"name": "Grannkommunen", "kind": "municipality", "active": "on"},
    )
    assert response.status_code == 200
    assert "Det finns redan en kommun högst upp i trädet (Demokommunen)" in (
        response.content.decode()
    )
    assert not OrgUnit.objects.filter(name="Grannkommunen").exists()


def test_the_one_municipality_can_still_be_renamed(admin_client, tree):
    kommun = tree[0]
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[kommun.pk]), _form(kommun, name="Nya kommunen")
    )
    assert response.status_code == 302
    kommun.refresh_from_db()
    assert kommun.name == "Nya kommunen"


def test_duplicate_name_under_the_same_parent_is_refused_in_swedish(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:orgunit_create"),
        {"name": "stadsdel väster", "kind": "district", "parent": tree[2].pk, "active": "on"},
    )
    assert "Det finns redan en enhet som heter stadsdel väster under Socialförvaltningen" in (
        response.content.decode()
    )
    assert OrgUnit.objects.filter(name__iexact="stadsdel väster").count() == 1


def test_admin_deactivates_an_empty_unit(admin_client, tree):
    stadsdel = tree[3]
    response = admin_client.post(reverse("accounts:orgunit_deactivate", args=[stadsdel.pk]))
    assert response.status_code == 302
    stadsdel.refresh_from_db()
    assert stadsdel.active is False
    assert OrgUnit.objects.filter(pk=stadsdel.pk).exists()


def test_unit_with_active_users_is_not_deactivated_and_says_why(admin_client, tree):
    stadsdel = tree[3]
    UserFactory(case_worker=True, org_unit=stadsdel)
    response = admin_client.post(
        reverse("accounts:orgunit_deactivate", args=[stadsdel.pk]), follow=True
    )
    assert "1 aktiva användare tillhör enheten" in response.content.decode()
    stadsdel.refresh_from_db()
    assert stadsdel.active is True


def test_unit_with_active_children_is_not_deactivated_through_the_form(admin_client, tree):
    forvaltning = tree[2]
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[forvaltning.pk]), _form(forvaltning, active="")
    )
    assert response.status_code == 200
    assert "1 aktiva underenheter ligger under enheten" in response.content.decode()
    forvaltning.refresh_from_db()
    assert forvaltning.active is True


def test_unit_whose_users_are_inactive_can_be_deactivated(admin_client, tree):
    stadsdel = tree[3]
    UserFactory(case_worker=True, org_unit=stadsdel, is_active=False)
    admin_client.post(reverse("accounts:orgunit_deactivate", args=[stadsdel.pk]))
    stadsdel.refresh_from_db()
    assert stadsdel.active is False


def test_an_active_unit_cannot_sit_under_an_inactive_one(admin_client, tree):
    closed = OrgUnitFactory(
        name="Gamla förvaltningen", kind=OrgUnitKind.ADMINISTRATION, parent=tree[1], active=False
    )
    stadsdel = tree[3]
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[stadsdel.pk]), _form(stadsdel, parent=closed.pk)
    )
    assert response.status_code == 200
    stadsdel.refresh_from_db()
    assert stadsdel.parent == tree[2]
    # Reactivating a unit under a closed parent is refused with the reason.
    child = OrgUnitFactory(name="Stängd stadsdel", parent=closed, active=False)
    response = admin_client.post(
        reverse("accounts:orgunit_edit", args=[child.pk]), _form(child, active="on")
    )
    assert "Den överordnade enheten Gamla förvaltningen är inaktiv" in response.content.decode()
    child.refresh_from_db()
    assert child.active is False


def test_orgunit_pickers_list_the_tree_depth_first_and_indented(admin_client, tree):
    kommun, namnd, forvaltning, _stadsdel = tree
    OrgUnitFactory(name="Arbetsmarknadsnämnden", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    OrgUnitFactory(name="Östra stadsdelen", kind=OrgUnitKind.DISTRICT, parent=forvaltning)
    OrgUnitFactory(name="Älvstaden", kind=OrgUnitKind.DISTRICT, parent=forvaltning)
    labels = [label for _value, label in UserFilterForm().fields["org_unit"].choices]
    assert labels == [
        "Alla enheter",
        "Demokommunen",
        "— Arbetsmarknadsnämnden",
        "— Socialnämnden",
        "— — Socialförvaltningen",
        "— — — Stadsdel Väster",
        "— — — Älvstaden",
        "— — — Östra stadsdelen",
    ]
    body = admin_client.get(reverse("accounts:orgunit_create")).content.decode()
    assert body.index("— Arbetsmarknadsnämnden") < body.index("— — Socialförvaltningen")

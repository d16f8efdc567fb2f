"""The administrator's group mapping for single sign-on: add, refuse bad input in Swedish,
remove, and every change logged with who made it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import GroupMapping
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/administration/gruppkopplingar/"


@pytest.fixture
def admin_client(client):
    admin = UserFactory(admin=True, username="systemforvaltare")
    client.force_login(admin)
    client.admin = admin
    return client


def test_administrator_maps_a_group_and_the_change_is_logged(admin_client):
    unit = OrgUnitFactory(name="Socialnämnden Centrum", kind=OrgUnitKind.COMMITTEE)
    response = admin_client.post(
        URL, {"idp_group": " insyn-controller-centrum ", "role": "controller", "org_unit": unit.pk}
    )
    assert response.status_code == 302
    mapping = GroupMapping.objects.get()
    assert (mapping.idp_group, mapping.role, mapping.org_unit) == (
        "insyn-controller-centrum",
        Role.CONTROLLER,
        unit,
    )
    entry = LogEntry.objects.get_for_object(mapping).get()
    assert entry.actor == admin_client.admin
    body = admin_client.get(URL).content.decode()
    assert "insyn-controller-centrum" in body
    assert "Socialnämnden Centrum" in body


def test_bad_input_is_refused_in_swedish_and_changes_nothing(admin_client):
    closed = OrgUnitFactory(name="Gamla stadsdelen", active=False)
    GroupMapping.objects.create(idp_group="insyn-alla", role=Role.CASE_WORKER)
    cases = [
        ({"idp_group": "", "role": "controller"}, "Fyll i gruppens namn eller id."),
        ({"idp_group": "g", "role": "provider"}, "Välj en roll i listan."),
        (
            {"idp_group": "g", "role": "controller", "org_unit": closed.pk},
            "aktiv organisationsenhet",
        ),
        ({"idp_group": "insyn-alla", "role": "case_worker"}, "har redan den kopplingen"),
    ]
    for data, message in cases:
        response = admin_client.post(URL, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert GroupMapping.objects.count() == 1


def test_administrator_removes_a_mapping_and_the_removal_is_logged(admin_client):
    mapping = GroupMapping.objects.create(idp_group="insyn-alla", role=Role.CASE_WORKER)
    pk = mapping.pk
    response = admin_client.post(reverse("accounts:groupmapping_delete", args=[pk]))
    assert response.status_code == 302
    assert not GroupMapping.objects.exists()
    entry = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert entry.actor == admin_client.admin


def test_list_page_queries_do_not_grow_with_the_mappings(
    admin_client, django_assert_max_num_queries
):
    for n in range(15):
        GroupMapping.objects.create(
            idp_group=f"grupp-{n}", role=Role.COORDINATOR, org_unit=OrgUnitFactory()
        )
    with django_assert_max_num_queries(12):
        assert admin_client.get(URL).status_code == 200

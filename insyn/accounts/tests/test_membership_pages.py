"""The administrator manages a user's memberships; every change is logged with who and when,
refusals change nothing; the API lists memberships (all for admins, own for staff); single
sign-on's `replace_memberships` sets a source's memberships."""

import pytest
from django.urls import reverse

from insyn.accounts import services
from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.core.history import sentence
from insyn.core.models import ActionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    return OrgUnitFactory(name="Angered"), OrgUnitFactory(name="Lundby")


def test_admin_adds_and_removes_a_membership_and_both_are_logged(client, admin_user, districts):
    angered, lundby = districts
    worker = UserFactory(case_worker=True, org_unit=angered, first_name="Eva", last_name="Ek")
    client.force_login(admin_user)
    url = reverse("accounts:user_memberships", args=[worker.pk])
    response = client.post(url, {"role": Role.COORDINATOR, "org_unit": lundby.pk})
    assert response.status_code == 302
    added = Membership.objects.get(user=worker, role=Role.COORDINATOR)
    assert added.org_unit == lundby
    page = client.get(url).content.decode()
    assert "Lundby" in page and "Huvudsaklig" in page
    client.post(reverse("accounts:user_membership_remove", args=[worker.pk, added.pk]))
    assert list(worker.memberships.values_list("role", flat=True)) == [Role.CASE_WORKER]
    entries = list(
        ActionLog.objects.filter(action__startswith="insyn.accounts.membership").order_by("pk")
    )
    assert [(e.action, e.user) for e in entries] == [
        ("insyn.accounts.membership.added", admin_user),
        ("insyn.accounts.membership.removed", admin_user),
    ]
    assert sentence(entries[0]) == (
        "Eva Ek fick medlemskapet Stadsdelens samordnare (LINK) – Lundby."
    )
    assert all(e.created for e in entries)


def test_refusals_change_nothing(client, admin_user, districts):
    angered, lundby = districts
    worker = UserFactory(case_worker=True, org_unit=angered)
    lundby.active = False
    lundby.save()
    client.force_login(admin_user)
    url = reverse("accounts:user_memberships", args=[worker.pk])
    closed = client.post(url, {"role": Role.COORDINATOR, "org_unit": lundby.pk})
    assert closed.status_code == 400
    same = client.post(url, {"role": Role.CASE_WORKER, "org_unit": angered.pk})
    assert "har redan medlemskapet" in same.content.decode()
    primary = worker.memberships.get()
    response = client.post(
        reverse("accounts:user_membership_remove", args=[worker.pk, primary.pk]), follow=True
    )
    assert "huvudsakliga roll" in response.content.decode()
    assert worker.memberships.count() == 1
    assert not ActionLog.objects.filter(action__startswith="insyn.accounts.membership").exists()


def test_only_admins_manage_memberships(client, controller, districts):
    worker = UserFactory(case_worker=True, org_unit=districts[0])
    client.force_login(controller)
    url = reverse("accounts:user_memberships", args=[worker.pk])
    assert client.post(url, {"role": Role.COORDINATOR}).status_code == 403
    assert worker.memberships.count() == 1


def test_api_lists_all_for_admins_and_own_for_staff(client, admin_user, districts):
    worker = UserFactory(case_worker=True, org_unit=districts[0])
    UserFactory(coordinator=True, org_unit=districts[1])
    client.force_login(worker)
    rows = client.get("/api/v1/memberships/").json()["results"]
    assert [(r["role"], r["org_unit_name"]) for r in rows] == [("case_worker", "Angered")]
    client.force_login(admin_user)
    assert client.get("/api/v1/memberships/").json()["count"] == 3


def test_replace_memberships_from_sso_groups(districts):
    angered, lundby = districts
    kommun = OrgUnitFactory(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    user = UserFactory(controller=True, org_unit=kommun)
    services.replace_memberships(user, [(Role.COORDINATOR, lundby)], source="sso")
    services.replace_memberships(user, [(Role.COORDINATOR, angered)], source="sso")
    assert set(user.memberships.values_list("role", "org_unit", "source")) == {
        (Role.CONTROLLER, kommun.pk, "local"),
        (Role.COORDINATOR, angered.pk, "sso"),
    }

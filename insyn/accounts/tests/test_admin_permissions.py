"""Every administration route: anonymous → login, every non-admin role → 403, admin → allowed."""

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = [
    "controller",
    "placement_officer",
    "case_worker",
    "coordinator",
    "manager",
    "provider_user",
]


@pytest.fixture
def target(db):
    unit = OrgUnitFactory(name="Stadsdel Norr")
    person = UserFactory(case_worker=True, org_unit=unit, username="target")
    return {"unit": unit, "person": person}


def _routes(target):
    unit, person = target["unit"].pk, target["person"].pk
    return [
        ("get", reverse("accounts:user_list"), 200),
        ("get", reverse("accounts:user_create"), 200),
        ("get", reverse("accounts:user_edit", args=[person]), 200),
        ("get", reverse("accounts:user_history", args=[person]), 200),
        ("post", reverse("accounts:user_deactivate", args=[person]), 302),
        ("post", reverse("accounts:user_reactivate", args=[person]), 302),
        ("post", reverse("accounts:user_send_password_link", args=[person]), 302),
        ("get", reverse("accounts:orgunit_list"), 200),
        ("get", reverse("accounts:orgunit_create"), 200),
        ("get", reverse("accounts:orgunit_edit", args=[unit]), 200),
        ("get", reverse("accounts:orgunit_history", args=[unit]), 200),
        ("post", reverse("accounts:orgunit_deactivate", args=[unit]), 302),
    ]


def test_anonymous_is_sent_to_login_from_every_admin_route(client, target):
    for method, url, _ in _routes(target):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_non_admin_roles_are_refused_every_admin_route(client, target, role):
    client.force_login(UserFactory(**{role: True}))
    for method, url, _ in _routes(target):
        assert getattr(client, method)(url).status_code == 403, url
    target["person"].refresh_from_db()
    assert target["person"].is_active


def test_admin_reaches_every_admin_route(client, admin_user, target):
    client.force_login(admin_user)
    for method, url, expected in _routes(target):
        assert getattr(client, method)(url).status_code == expected, url


def test_inactive_admin_is_refused(client, target):
    admin = UserFactory(admin=True, is_active=False)
    client.force_login(admin)
    assert client.get(reverse("accounts:user_list")).status_code in (302, 403)


def test_admin_gets_404_for_a_user_that_does_not_exist(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404
    assert client.get(reverse("accounts:orgunit_edit", args=[999999])).status_code == 404


def test_django_admin_cannot_hard_delete_users_or_units(client, target):
    superuser = UserFactory(admin=True, is_superuser=True)
    client.force_login(superuser)
    person, unit = target["person"], target["unit"]
    assert client.get(f"/admin/accounts/user/{person.pk}/delete/").status_code == 403
    assert client.get(f"/admin/accounts/orgunit/{unit.pk}/delete/").status_code == 403

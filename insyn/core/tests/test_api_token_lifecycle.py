"""API tokens stop working when the user is blocked or their memberships have all ended; a
person lists and revokes their own token on the page and through the API; the API docs say
per operation which permission (role and scope) it needs."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import Membership, OrgUnit
from insyn.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/token/mine/"


def _api(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_token_of_a_blocked_user_is_refused_in_swedish():
    user = UserFactory(controller=True)
    api = _api(user)
    assert api.get(ME).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    refused = api.get(ME)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Token gäller inte: användaren är spärrad."


def test_token_stops_when_the_last_membership_ends():
    district = OrgUnit.objects.create(name="Lundby", kind=OrgUnitKind.DISTRICT)
    user = UserFactory(case_worker=True, org_unit=district)
    extra = OrgUnit.objects.create(name="Angered", kind=OrgUnitKind.DISTRICT)
    Membership.objects.create(user=user, role=Role.COORDINATOR, org_unit=extra)
    api = _api(user)
    # One of two memberships ends: the token still works.
    district.active = False
    district.save(update_fields=["active"])
    assert api.get(ME).status_code == 200
    # The last one ends too (removed): the token is refused and deleted.
    Membership.objects.filter(user=user, org_unit=extra).delete()
    refused = api.get(ME)
    assert refused.status_code == 401
    assert "inget medlemskap" in refused.json()["detail"]
    assert not Token.objects.filter(user=user).exists()


def test_provider_staff_without_memberships_keep_their_token():
    user = UserFactory(provider_user=True)
    assert _api(user).get(ME).status_code == 200


def test_person_lists_and_revokes_own_token_by_api():
    user = UserFactory(controller=True)
    other = UserFactory(controller=True)
    Token.objects.create(user=other)
    api = _api(user)
    (row,) = api.get(ME).json()
    key = Token.objects.get(user=user).key
    assert row["key_hint"] == f"{key[:4]}…" and key not in str(row)
    assert api.post("/api/v1/token/revoke/").json() == {"revoked": 1}
    assert not Token.objects.filter(user=user).exists()
    assert Token.objects.filter(user=other).exists()  # only the own token
    assert api.get(ME).status_code == 401


def test_person_lists_and_revokes_own_token_on_the_page(client):
    user = UserFactory(manager=True)
    key = Token.objects.create(user=user).key
    client.force_login(user)
    page = client.get(reverse("api_tokens")).content.decode()
    assert f"{key[:4]}…" in page and key not in page
    assert client.post(reverse("api_tokens")).status_code == 302
    assert not Token.objects.filter(user=user).exists()


def test_api_docs_say_which_permission_each_operation_needs(client):
    client.force_login(UserFactory(controller=True))
    schema = client.get("/api/schema/?format=json").json()
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    missing = [
        f"{m.upper()} {p}"
        for p, m, op in operations
        if "Behörighet" not in op.get("description", "")
    ]
    assert not missing
    confirm = schema["paths"]["/api/v1/goals/{id}/confirm/"]["post"]["description"]
    assert "`reports.confirm_goal`" in confirm
    assert "chef i den nämnd som målet hör till" in confirm
    approve = schema["paths"]["/api/v1/followup-plans/{id}/approve/"]["post"]["description"]
    assert "chef i planens nämnd" in approve

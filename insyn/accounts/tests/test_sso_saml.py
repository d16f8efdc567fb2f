"""Single sign-on over SAML 2.0 against a real IdP (pysaml2's Server signing with xmlsec1,
the `saml_idp` fixture): Insyn's AuthnRequest, the IdP's signed Response posted to the ACS;
and the refusals allauth/python3-saml make: wrong signature, wrong audience, expired, replay."""

import datetime as dt
import re
from html import unescape
from urllib.parse import urlparse

import pytest
import requests
import time_machine
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import GroupMapping, Membership, User
from insyn.accounts.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

PERSON = {
    "uid": ["bo-1001"],
    "email": ["bo.ek@kommun.example"],
    "given_name": ["Bo"],
    "family_name": ["Ek"],
    "employee_id": ["E2002"],
    "groups": ["insyn-samordnare-lundby"],
}


@pytest.fixture
def idp(saml_idp, saml_settings, client):
    client.defaults["HTTP_HOST"] = "testserver"  # python3-saml reads it; browsers send it
    lundby = OrgUnitFactory(name="Lundby", kind=OrgUnitKind.DISTRICT)
    GroupMapping.objects.create(
        idp_group="insyn-samordnare-lundby", role=Role.COORDINATOR, org_unit=lundby
    )
    saml_idp.control(PERSON)
    return saml_idp


def _response_from_idp(client) -> dict:
    """Insyn's login sends the browser to the IdP with an AuthnRequest; the IdP answers with
    its auto-posting form: the fields to post to Insyn's ACS."""
    start = client.post(reverse("saml_login", args=["kommunen"]))
    assert start.status_code == 302, start
    page = requests.get(start["Location"], timeout=10)
    assert page.status_code == 200, page.text
    action = unescape(re.search(r'action="([^"]+)"', page.text).group(1))
    assert urlparse(action).path == reverse("saml_acs", args=["kommunen"])
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return {k: unescape(v) for k, v in fields.items()}


def _post_to_acs(client, fields):
    response = client.post(reverse("saml_acs", args=["kommunen"]), fields)
    assert response.status_code == 302
    return client.get(response["Location"])


def _refused(response, client):
    assert response.status_code == 401
    assert "Inloggningen misslyckades" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_signed_assertion_creates_the_user_with_memberships_from_groups(client, idp):
    response = _post_to_acs(client, _response_from_idp(client))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="bo.ek@kommun.example")
    assert (user.first_name, user.last_name, user.employee_id) == ("Bo", "Ek", "E2002")
    memberships = Membership.objects.filter(user=user).values_list("role", "org_unit__name")
    assert list(memberships) == [(Role.COORDINATOR, "Lundby")]
    assert client.get(reverse("home")).status_code == 200


def test_a_response_signed_with_another_key_is_refused(client, idp):
    idp.control(PERSON, mode="wrong_key")
    _refused(_post_to_acs(client, _response_from_idp(client)), client)
    assert not User.objects.exists()


def test_an_assertion_for_another_audience_is_refused(client, idp):
    idp.control(PERSON, mode="wrong_audience")
    _refused(_post_to_acs(client, _response_from_idp(client)), client)
    assert not User.objects.exists()


def test_an_expired_assertion_is_refused(client, idp):
    fields = _response_from_idp(client)
    # Posted an hour later: past the assertion's NotOnOrAfter (the IdP gives 5 minutes).
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), tick=True):
        _refused(_post_to_acs(client, fields), client)
    assert not User.objects.exists()


def test_a_replayed_assertion_is_refused(client, idp):
    fields = _response_from_idp(client)
    assert _post_to_acs(client, fields).status_code == 302
    client.post(reverse("logout"))
    # allauth consumed the request's state at the first use: the second is forbidden.
    response = _post_to_acs(client, fields)
    assert response.status_code == 403
    assert "behörighet" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_person_in_no_mapped_group_is_refused(client, idp):
    idp.control(PERSON | {"groups": ["okand-grupp"]})
    response = _post_to_acs(client, _response_from_idp(client))
    assert response.status_code == 403
    assert "inte med i någon grupp" in response.content.decode()


# --- the AuthnContext as proof of a second factor (INSYN_SSO_MFA, mfa_claims.py) -------------

LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
PASSWORD_TRANSPORT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def test_the_assertions_authn_context_is_kept_with_the_attributes(client, idp):
    idp.control(PERSON, class_ref=LOA3)
    assert _post_to_acs(client, _response_from_idp(client)).status_code == 302
    account = User.objects.get(email="bo.ek@kommun.example").socialaccount_set.get()
    assert account.extra_data["authn_contexts"] == [LOA3]
    assert account.extra_data["groups"] == ["insyn-samordnare-lundby"]


@pytest.mark.parametrize(
    "class_ref", [LOA3, "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"]
)
def test_require_lets_in_an_assertion_with_a_two_factor_context(client, idp, settings, class_ref):
    settings.INSYN_SSO_MFA = "require"
    idp.control(PERSON, class_ref=class_ref)
    assert _post_to_acs(client, _response_from_idp(client)).status_code == 302
    assert User.objects.filter(email="bo.ek@kommun.example").exists()
    assert client.get(reverse("home")).status_code == 200


def test_require_refuses_an_assertion_with_a_password_context(client, idp, settings):
    from insyn.accounts.mfa_claims import REFUSED

    settings.INSYN_SSO_MFA = "require"
    idp.control(PERSON, class_ref=PASSWORD_TRANSPORT)
    response = _post_to_acs(client, _response_from_idp(client))
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert not User.objects.exists()
    assert client.get(reverse("home")).status_code == 302


def test_the_login_pages_csp_lets_the_button_reach_the_idp(client, idp):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", idp.url]

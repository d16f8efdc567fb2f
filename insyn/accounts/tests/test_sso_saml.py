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
from insyn.accounts.models import GroupMapping, Membership, OrgUnit, User
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


# ---- re-authentication: a fresh sign-on at the IdP (ForceAuthn) ----------------------------

PNR = "19121212-1212"


def _age_the_login(client, minutes):
    """Move the session's sign-on record back in time (allauth's record of the SAML login),
    so the login is no longer recent. The IdP's clock is not moved: its assertions stay
    valid."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    assert [r["method"] for r in records] == ["socialaccount"]
    for record in records:
        record["at"] -= minutes * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


def _fields_from(page) -> dict:
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return {k: unescape(v) for k, v in fields.items()}


def test_a_normal_login_does_not_force_a_new_authentication(client, idp):
    _response_from_idp(client)
    received = idp.last_request()
    assert received["force_authn"] is None
    assert "ForceAuthn" not in received["xml"]


def test_a_stale_saml_login_signs_on_again_with_force_authn(client, idp):
    from insyn.feedback.tests.factories import FeedbackItemFactory

    assert _post_to_acs(client, _response_from_idp(client)).status_code == 302
    assert idp.last_request()["force_authn"] is None
    user = User.objects.get(email="bo.ek@kommun.example")
    # Registered by the coordinator in Lundby: entitled to the unmasked text.
    lundby = OrgUnit.objects.get(name="Lundby")
    item = FeedbackItemFactory(text=f"Gäller {PNR}.", registered_by=user, district=lundby)
    detail = reverse("feedback:detail", args=[item.pk])
    unmask = reverse("feedback:unmasked", args=[item.pk])
    assert PNR in client.post(unmask, HTTP_REFERER=f"http://testserver{detail}").content.decode()

    _age_the_login(client, minutes=20)
    response = client.post(unmask, HTTP_REFERER=f"http://testserver{detail}")
    assert response.status_code == 302
    login_url = urlparse(response["Location"])
    assert login_url.path == reverse("saml_login", args=["kommunen"])
    assert "auth_params=prompt%3Dlogin" in login_url.query

    start = client.post(response["Location"])
    assert start.status_code == 302
    page = requests.get(start["Location"], timeout=10)
    assert page.status_code == 200, page.text
    received = idp.last_request()
    assert received["force_authn"] == "true"
    assert 'ForceAuthn="true"' in received["xml"]

    acs = client.post(reverse("saml_acs", args=["kommunen"]), _fields_from(page))
    assert acs.status_code == 302
    back = client.get(acs["Location"])
    assert back.status_code == 302
    assert back["Location"] == detail
    # The new sign-on is a recent login: the number is shown.
    assert PNR in client.post(unmask).content.decode()


def test_only_prompt_login_asks_for_a_fresh_login():
    from insyn.accounts.saml_provider import asks_for_fresh_login

    assert asks_for_fresh_login("prompt=login")
    assert asks_for_fresh_login("max_age=0&prompt=login")
    assert not asks_for_fresh_login("prompt=none")
    assert not asks_for_fresh_login("")
    assert not asks_for_fresh_login(None)

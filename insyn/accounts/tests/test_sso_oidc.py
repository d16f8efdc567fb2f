"""Single sign-on over OpenID Connect against a real OpenID Provider (npm `oidc-provider`
under node on 127.0.0.1, the `oidc_idp` fixture): the whole authorization-code flow, with
the provider's own login and consent forms, then Insyn's callback; no library call mocked."""

import logging
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlparse, urlunparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import GroupMapping, Membership, User
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.core.models import ActionLog

pytestmark = pytest.mark.django_db

ANNA = {
    "name": "Anna Lind",
    "email": "anna.lind@kommun.example",
    "email_verified": True,
    "employee_id": "E1001",
    "groups": ["insyn-controller-centrum", "insyn-handlaggare"],
}


@pytest.fixture
def units(db):
    return {
        "centrum": OrgUnitFactory(name="Socialnämnden Centrum", kind=OrgUnitKind.COMMITTEE),
        "nordost": OrgUnitFactory(name="Socialnämnden Nordost", kind=OrgUnitKind.COMMITTEE),
    }


@pytest.fixture
def mappings(units):
    GroupMapping.objects.create(
        idp_group="insyn-controller-centrum", role=Role.CONTROLLER, org_unit=units["centrum"]
    )
    GroupMapping.objects.create(
        idp_group="insyn-controller-nordost", role=Role.CONTROLLER, org_unit=units["nordost"]
    )
    GroupMapping.objects.create(idp_group="insyn-handlaggare", role=Role.CASE_WORKER)


@pytest.fixture
def idp(oidc_idp, oidc_settings, mappings):
    oidc_idp.set_accounts({"anna": ANNA})
    return oidc_idp


def _start(client) -> str:
    """Insyn's login button: a POST that sends the browser to the provider."""
    response = client.post(reverse("openid_connect_login", args=["kommunen"]))
    assert response.status_code == 302, response
    return response["Location"]


def _at_idp(authorize_url: str, login: str) -> str:
    """A browser at the provider: follow its redirects, fill in its login form (any
    password) and its consent form; returns the callback URL it sends back to Insyn."""
    browser = requests.Session()
    url, method, data = authorize_url, "get", None
    for _ in range(12):
        response = browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url, method, data = urljoin(url, response.headers["Location"]), "get", None
            if url.startswith("http://testserver/"):
                return url
            continue
        assert response.status_code == 200, response.text
        action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
        prompt = re.search(r'name="prompt" value="(\w+)"', response.text).group(1)
        data = {"prompt": prompt}
        if prompt == "login":
            data |= {"login": login, "password": "valfritt"}
        url, method = urljoin(url, action), "post"
    raise AssertionError("the provider never sent the browser back to Insyn")


def _callback(client, url: str):
    parsed = urlparse(url)
    return client.get(f"{parsed.path}?{parsed.query}")


def _sign_on(client, login="anna"):
    return _callback(client, _at_idp(_start(client), login))


def _memberships(user):
    return sorted(
        (m.role, m.org_unit.name if m.org_unit else None)
        for m in Membership.objects.filter(user=user).select_related("org_unit")
    )


def _logged_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_login_page_offers_the_municipal_sign_on(client, idp):
    body = client.get(reverse("login")).content.decode()
    assert "Logga in med kommunens inloggning</button>" in body
    assert reverse("openid_connect_login", args=["kommunen"]) in body


def test_first_login_creates_the_user_from_claims_and_memberships_from_groups(client, idp, units):
    response = _sign_on(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email="anna.lind@kommun.example")
    assert (user.first_name, user.last_name, user.employee_id) == ("Anna", "Lind", "E1001")
    assert not user.has_usable_password()
    # Mappings are ordered by role: case worker (whole municipality) becomes the primary.
    assert (user.role, user.org_unit) == (Role.CASE_WORKER, None)
    assert _memberships(user) == [
        (Role.CASE_WORKER, None),
        (Role.CONTROLLER, "Socialnämnden Centrum"),
    ]
    assert SocialAccount.objects.get(user=user).uid == "anna"
    assert _logged_in(client)
    assert ActionLog.objects.filter(action="insyn.accounts.sso.login").count() == 1


def test_next_login_follows_the_groups_a_removed_group_loses_its_membership(client, idp, units):
    _sign_on(client)
    client.post(reverse("logout"))
    idp.set_accounts({"anna": ANNA | {"name": "Anna Berg", "groups": ["insyn-controller-nordost"]}})
    assert _sign_on(client).status_code == 302
    user = User.objects.get(email="anna.lind@kommun.example")
    assert user.last_name == "Berg"
    assert (user.role, user.org_unit) == (Role.CONTROLLER, units["nordost"])
    assert _memberships(user) == [(Role.CONTROLLER, "Socialnämnden Nordost")]
    assert User.objects.count() == 1


def test_an_account_the_administration_made_is_connected_by_employee_id(client, idp, units):
    kept = UserFactory(username="alind", email="", employee_id="E1001", controller=True)
    assert _sign_on(client).status_code == 302
    kept.refresh_from_db()
    assert kept.email == "anna.lind@kommun.example"
    assert SocialAccount.objects.get(uid="anna").user == kept
    assert User.objects.count() == 1


def test_a_locally_blocked_user_is_refused_in_swedish(client, idp, caplog):
    _sign_on(client)
    client.post(reverse("logout"))
    User.objects.filter(email="anna.lind@kommun.example").update(is_active=False)
    with caplog.at_level(logging.WARNING, logger="insyn.signin"):
        response = _sign_on(client)
    assert response.status_code == 403
    assert "Ditt konto i Insyn är spärrat" in response.content.decode()
    assert "Sign-on refused" in caplog.text
    assert not _logged_in(client)


def test_a_person_in_no_mapped_group_is_refused_and_gets_no_account(client, idp, caplog):
    idp.set_accounts({"anna": ANNA | {"groups": ["okand-grupp"]}})
    with caplog.at_level(logging.WARNING, logger="insyn.signin"):
        response = _sign_on(client)
    assert response.status_code == 403
    assert "inte med i någon grupp som ger behörighet i Insyn" in response.content.decode()
    assert "okand-grupp" in caplog.text
    assert not User.objects.exists()
    assert not _logged_in(client)


def test_an_unknown_group_beside_a_known_one_gives_nothing_extra(client, idp, caplog):
    idp.set_accounts({"anna": ANNA | {"groups": ["insyn-handlaggare", "okand-grupp"]}})
    with caplog.at_level(logging.WARNING, logger="insyn.signin"):
        assert _sign_on(client).status_code == 302
    assert _memberships(User.objects.get()) == [(Role.CASE_WORKER, None)]
    assert "okand-grupp" in caplog.text


def test_claims_without_an_email_address_are_refused(client, idp):
    idp.set_accounts({"anna": {k: v for k, v in ANNA.items() if k != "email"}})
    response = _sign_on(client)
    assert response.status_code == 403
    assert "skickade ingen e-postadress" in response.content.decode()
    assert not User.objects.exists()


def test_a_provider_user_with_the_same_email_is_refused(client, idp):
    UserFactory(provider_user=True, email="anna.lind@kommun.example")
    response = _sign_on(client)
    assert response.status_code == 403
    assert "utförares konto" in response.content.decode()


def _refused(response, client):
    assert response.status_code == 401
    assert "Inloggningen misslyckades" in response.content.decode()
    assert not _logged_in(client)


def test_a_callback_with_another_state_is_refused(client, idp):
    callback = urlparse(_at_idp(_start(client), "anna"))
    query = parse_qs(callback.query) | {"state": ["forfalskat-state"]}
    response = client.get(f"{callback.path}?{urlencode(query, doseq=True)}")
    _refused(response, client)
    assert not User.objects.exists()


def test_a_replayed_callback_is_refused(client, idp):
    callback = _at_idp(_start(client), "anna")
    assert _callback(client, callback).status_code == 302
    client.post(reverse("logout"))
    # The same code and state again (from the browser history, or an attacker's copy).
    _refused(_callback(client, callback), client)


def test_a_code_from_another_browser_session_is_refused(client, idp, django_user_model):
    # The attack a nonce guards against: a code obtained in one session injected into
    # another. allauth binds the flow to the session's state and to the PKCE verifier.
    from django.test import Client

    stolen = _at_idp(_start(Client()), "anna")
    _start(client)  # the victim has started their own sign-on
    _refused(_callback(client, stolen), client)
    assert not User.objects.exists()


def test_a_code_issued_to_another_application_is_refused(client, idp):
    # Wrong audience: the provider issues the code to "annan-tjanst"; Insyn redeems it as
    # "insyn" and the provider refuses, so no token for another audience is accepted.
    authorize = urlparse(_start(client))
    query = parse_qs(authorize.query) | {"client_id": ["annan-tjanst"]}
    forged = urlunparse(authorize._replace(query=urlencode(query, doseq=True)))
    _refused(_callback(client, _at_idp(forged, "anna")), client)
    assert not User.objects.exists()


def test_the_login_pages_csp_lets_the_button_reach_the_provider(client, idp):
    # form-action 'self' alone made Chromium stop at the redirect to the provider (the
    # browser journey tests/e2e/test_sso_manager_journey.py caught it).
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", idp.url]


def test_without_single_sign_on_form_action_stays_self(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": settings.SAML_PROVIDER_CLASS}}
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "form-action 'self';" in policy + ";"

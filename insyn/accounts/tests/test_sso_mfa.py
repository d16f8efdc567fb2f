"""MFA and re-authentication for single sign-on, against the real local OpenID Provider
(`oidc_idp`): an SSO user is not sent to set up a second factor of Insyn's; INSYN_SSO_MFA =
"require" refuses an assertion without one; and a stale SSO login is confirmed by signing on
at the provider again (prompt=login), since such a user has no password here."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.urls import reverse

from insyn.accounts.mfa_claims import REFUSED
from insyn.accounts.models import User
from insyn.accounts.tests.test_sso_oidc import ANNA, _at_idp, _callback, _sign_on
from insyn.feedback.tests.factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db
PNR = "19121212-1212"


@pytest.fixture
def sso(oidc_idp, oidc_settings, mappings):
    oidc_idp.set_accounts({"anna": ANNA})
    return oidc_idp


@pytest.fixture
def mappings(units):
    from insyn.accounts.constants import Role
    from insyn.accounts.models import GroupMapping

    GroupMapping.objects.create(
        idp_group="insyn-controller-centrum", role=Role.CONTROLLER, org_unit=units["centrum"]
    )
    GroupMapping.objects.create(idp_group="insyn-handlaggare", role=Role.CASE_WORKER)


@pytest.fixture
def units():
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.tests.factories import OrgUnitFactory

    return {"centrum": OrgUnitFactory(name="Socialnämnden Centrum", kind=OrgUnitKind.COMMITTEE)}


def test_a_controller_signed_on_through_the_idp_is_not_sent_to_set_up_mfa(client, sso, settings):
    settings.INSYN_MFA_REQUIRED = True
    assert _sign_on(client).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_require_refuses_an_assertion_without_a_second_factor(client, sso, settings):
    # The local provider's ID token says nothing about the methods used (no amr).
    settings.INSYN_SSO_MFA = "require"
    response = _sign_on(client)
    assert response.status_code == 403
    assert REFUSED in response.content.decode()
    assert not User.objects.exists()
    assert client.get(reverse("home")).status_code == 302


def test_trust_lets_the_same_assertion_in(client, sso, settings):
    settings.INSYN_SSO_MFA = "trust"
    assert _sign_on(client).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_stale_sso_login_signs_on_at_the_provider_again_before_unmasking(client, sso, unit):
    item = FeedbackItemFactory(unit=unit, text=f"Gäller {PNR}.")
    detail = reverse("feedback:detail", args=[item.pk])
    unmask = reverse("feedback:unmasked", args=[item.pk])
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=True) as clock:
        _sign_on(client)
        assert (
            PNR in client.post(unmask, HTTP_REFERER=f"http://testserver{detail}").content.decode()
        )

        clock.shift(dt.timedelta(minutes=20))
        response = client.post(unmask, HTTP_REFERER=f"http://testserver{detail}")
        assert response.status_code == 302
        login_url = urlparse(response["Location"])
        assert login_url.path == reverse("openid_connect_login", args=["kommunen"])
        query = parse_qs(login_url.query)
        assert query["next"] == [detail]
        assert query["auth_params"] == ["prompt=login"]

        page = client.get(response["Location"])
        assert "Logga in igen" in page.content.decode() or "Fortsätt till" in page.content.decode()
        to_idp = client.post(response["Location"])
        assert to_idp.status_code == 302
        assert parse_qs(urlparse(to_idp["Location"]).query)["prompt"] == ["login"]
        back = _callback(client, _at_idp(to_idp["Location"], "anna"))
        assert back.status_code == 302
        assert back["Location"] == detail
        # The new sign-on is a recent login: the number can be shown.
        assert PNR in client.post(unmask).content.decode()

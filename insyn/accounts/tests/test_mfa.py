"""Multi-factor authentication through allauth.mfa: the code after the password, refused codes,
recovery codes, who must set up a second factor, and the Swedish pages.

Codes are computed here from the same secret with allauth's own HOTP function (RFC 6238 on
the 30-second step), never mocked; the clock is frozen with time-machine so a test knows which
step it is in."""

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from insyn.accounts.mfa import MESSAGES, has_second_factor, mfa_required_for
from insyn.accounts.middleware import MESSAGE as SETUP_MESSAGE
from insyn.accounts.tests.factories import UserFactory
from insyn.accounts.tests.webauthn_device import SoftwareKey

NOW = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)
PASSWORD = "test-pass-123"
WRONG_CODE = MESSAGES["incorrect_code"]


def code_at(secret: str, moment: dt.datetime) -> str:
    """The six digits an authenticator app shows at `moment` (time step of 30 s)."""
    return format_hotp_value(hotp_value(secret, int(moment.timestamp()) // 30))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mfa_on(db, settings):
    settings.INSYN_MFA_REQUIRED = True
    settings.INSYN_MFA_FOR_PROVIDERS = False
    settings.AXES_ENABLED = False


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def password_step(client, user):
    return client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})


def code_step(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# --- The second step of the login -----------------------------------------------------------


def test_the_password_alone_does_not_log_in_an_administrator_with_an_app(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    secret = with_totp(admin)
    response = password_step(client, admin)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None

    page = client.get(reverse("mfa_authenticate"))
    assert "Tvåstegsverifiering" in page.content.decode()
    response = code_step(client, code_at(secret, NOW))
    assert response.status_code == 302
    assert signed_in_as(client) == str(admin.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_code_used_once_is_refused_the_second_time(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    secret = with_totp(admin)
    code = code_at(secret, NOW)
    password_step(client, admin)
    code_step(client, code)
    assert signed_in_as(client) == str(admin.pk)
    client.post(reverse("logout"))

    frozen.shift(5)  # the same 30-second step: the code is still "current"
    password_step(client, admin)
    response = code_step(client, code)
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert signed_in_as(client) is None


@pytest.mark.parametrize("steps", [-2, -1, 1, 2])
def test_a_code_of_another_time_step_is_refused(client, mfa_on, frozen, steps):
    admin = UserFactory(admin=True)
    secret = with_totp(admin)
    password_step(client, admin)
    response = code_step(client, code_at(secret, NOW + dt.timedelta(seconds=30 * steps)))
    assert WRONG_CODE in response.content.decode()
    assert signed_in_as(client) is None


def test_a_wrong_code_names_the_field_in_swedish(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    with_totp(admin)
    password_step(client, admin)
    response = code_step(client, "")
    body = response.content.decode()
    assert "Skriv koden från autentiseringsappen eller en reservkod." in body
    assert "Kod från autentiseringsappen eller en reservkod" in body


def test_a_recovery_code_works_once(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    with_totp(admin)
    codes = RecoveryCodes.activate(admin).get_unused_codes()
    assert len(codes) == 10

    password_step(client, admin)
    code_step(client, codes[0])
    assert signed_in_as(client) == str(admin.pk)
    client.post(reverse("logout"))

    password_step(client, admin)
    response = code_step(client, codes[0])
    assert WRONG_CODE in response.content.decode()
    assert signed_in_as(client) is None
    code_step(client, codes[1])
    assert signed_in_as(client) == str(admin.pk)
    left = Authenticator.objects.get(user=admin, type=Authenticator.Type.RECOVERY_CODES)
    assert len(left.wrap().get_unused_codes()) == 8


def test_the_secret_is_stored_encrypted(db, mfa_on):
    admin = UserFactory(admin=True)
    secret = with_totp(admin)
    stored = Authenticator.objects.get(user=admin, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert TOTP(Authenticator.objects.get(user=admin)).instance.data == {"secret": stored}


# --- Who must set up a second factor ----------------------------------------------------------


def test_mfa_required_for_follows_role_and_settings(db, settings):
    admin, controller = UserFactory(admin=True), UserFactory(controller=True)
    case_worker, manager = UserFactory(case_worker=True), UserFactory(manager=True)
    provider_user = UserFactory(provider_user=True)
    settings.INSYN_MFA_REQUIRED, settings.INSYN_MFA_FOR_PROVIDERS = True, False
    required = (admin, controller, case_worker, manager, provider_user)
    assert [mfa_required_for(u) for u in required] == [True, True, False, False, False]
    settings.INSYN_MFA_FOR_PROVIDERS = True
    assert mfa_required_for(provider_user)
    settings.INSYN_MFA_REQUIRED = False
    assert [mfa_required_for(u) for u in (admin, controller)] == [False, False]
    assert mfa_required_for(provider_user)  # the provider setting stands on its own
    admin.is_active = False
    assert not mfa_required_for(admin)


def test_an_administrator_without_a_second_factor_is_sent_to_set_one_up(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    response = password_step(client, admin)
    assert signed_in_as(client) == str(admin.pk)

    for url in (reverse("home"), reverse("accounts:user_list"), reverse("feedback:list")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"), follow=True)
    assert SETUP_MESSAGE in page.content.decode() or page.status_code == 200
    # The API says why instead of redirecting.
    api = client.get("/api/v1/")
    assert api.status_code == 403
    assert api.json() == {"detail": SETUP_MESSAGE}
    fragment = client.get(reverse("notifications:unread"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 403

    # Setting up the app: the page shows the secret, the code from it activates it.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": code_at(secret, NOW)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert has_second_factor(admin)
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert "10 av 10 reservkoder är oanvända" in codes.content.decode()
    assert client.get(reverse("home")).status_code == 200


def test_a_controller_is_forced_the_case_worker_is_not(client, mfa_on, frozen):
    password_step(client, UserFactory(controller=True))
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    client.post(reverse("logout"))
    password_step(client, UserFactory(case_worker=True))
    assert client.get(reverse("home")).status_code == 200


def test_a_provider_user_is_forced_only_when_the_municipality_turns_it_on(
    client, settings, mfa_on, frozen
):
    lisa = UserFactory(provider_user=True)
    password_step(client, lisa)
    assert client.get(reverse("portal:home")).status_code == 200
    settings.INSYN_MFA_FOR_PROVIDERS = True
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_a_wrong_activation_code_is_refused_in_swedish(client, mfa_on, frozen):
    password_step(client, UserFactory(admin=True))
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    later = NOW + dt.timedelta(minutes=2)
    response = client.post(reverse("mfa_activate_totp"), {"code": code_at(secret, later)})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not Authenticator.objects.exists()


def test_the_last_second_factor_of_an_administrator_cannot_be_removed(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    secret = with_totp(admin)
    password_step(client, admin)
    code_step(client, code_at(secret, NOW))
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert MESSAGES["cannot_delete_authenticator"] in response.content.decode()
    assert has_second_factor(admin)


def test_a_case_worker_may_turn_the_app_off_again(client, mfa_on, frozen):
    linnea = UserFactory(case_worker=True)
    secret = with_totp(linnea)
    password_step(client, linnea)
    code_step(client, code_at(secret, NOW))
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not has_second_factor(linnea)


# --- Security keys (WebAuthn) -----------------------------------------------------------------


def test_adding_a_key_offers_registration_options_for_the_configured_site(client, mfa_on, frozen):
    admin = UserFactory(admin=True)
    password_step(client, admin)
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    options = page.context["js_data"]["creation_options"]["publicKey"]
    assert options["rp"] == {"id": "testserver", "name": "Insyn Demokommunen"}
    assert options["user"]["name"] == admin.username
    assert options["challenge"]
    body = page.content.decode()
    assert "Namn på nyckeln" in body
    assert 'id="mfa_webauthn_add"' in body


def test_a_security_key_is_registered_and_then_asked_for_at_login(client, settings, mfa_on, frozen):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test client speaks http
    admin = UserFactory(admin=True)
    key = SoftwareKey()
    password_step(client, admin)
    page = client.get(reverse("mfa_add_webauthn"))
    credential = key.register(page.context["js_data"]["creation_options"])
    response = client.post(
        reverse("mfa_add_webauthn"), {"name": "Gul nyckel", "credential": credential}
    )
    assert response.status_code == 302
    assert Authenticator.objects.get(user=admin, type=Authenticator.Type.WEBAUTHN).wrap().name == (
        "Gul nyckel"
    )
    assert client.get(reverse("home")).status_code == 200  # a key is a second factor
    client.post(reverse("logout"))

    password_step(client, admin)
    assert signed_in_as(client) is None
    page = client.get(reverse("mfa_authenticate"))
    assert "Använd säkerhetsnyckel" in page.content.decode()
    request_options = page.context["js_data"]["request_options"]
    assert request_options["publicKey"]["rpId"] == "testserver"
    response = client.post(
        reverse("mfa_authenticate"), {"credential": key.sign_in(request_options)}
    )
    assert response.status_code == 302
    assert signed_in_as(client) == str(admin.pk)


def test_another_key_is_refused_at_login(client, settings, mfa_on, frozen):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    admin = UserFactory(admin=True)
    password_step(client, admin)
    page = client.get(reverse("mfa_add_webauthn"))
    credential = SoftwareKey().register(page.context["js_data"]["creation_options"])
    client.post(reverse("mfa_add_webauthn"), {"name": "Min nyckel", "credential": credential})
    client.post(reverse("logout"))

    password_step(client, admin)
    page = client.get(reverse("mfa_authenticate"))
    stranger = SoftwareKey()
    stranger.credential_id = SoftwareKey().credential_id
    response = client.post(
        reverse("mfa_authenticate"),
        {"credential": stranger.sign_in(page.context["js_data"]["request_options"])},
    )
    assert signed_in_as(client) is None
    assert WRONG_CODE in response.content.decode()


def test_djangos_admin_login_cannot_skip_the_second_factor(client, mfa_on, frozen):
    admin = UserFactory(admin=True, is_superuser=True)
    with_totp(admin)
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert signed_in_as(client) is None


# --- The cost of the check on every page (issue 16) ---------------------------------------


def _authenticator_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "mfa_authenticator" in q["sql"]]


def test_a_login_with_the_app_needs_no_look_up_on_each_page(client, mfa_on, frozen):
    controller = UserFactory(controller=True)
    secret = with_totp(controller)
    password_step(client, controller)
    code_step(client, code_at(secret, NOW))
    assert signed_in_as(client) == str(controller.pk)
    assert _authenticator_queries(client, reverse("home")) == []


def test_a_password_only_session_still_asks_whether_a_factor_exists(client, mfa_on, frozen):
    # Logged in without the second step (e.g. before the requirement was switched on): the
    # factor set up since is found in the database, and the page is served.
    controller = UserFactory(controller=True)
    client.force_login(controller)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    with_totp(controller)
    assert len(_authenticator_queries(client, reverse("home"))) == 1

"""An administrator logs in locally with an authenticator app (issue 12): made to set the app
up at the first login, then asked for its code at the next. The codes are computed here from
the secret the page shows, with allauth's own TOTP function — the test is the phone."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory


def current_code(secret: str) -> str:
    """The app's code now; waits for the next 30-second step when this one is nearly over,
    so the server checks it in the step it was made for."""
    if time.time() % 30 > 26:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_an_administrator_sets_up_an_app_and_then_logs_in_with_its_code(
    page, live_server, login, settings, axe_violations
):
    settings.INSYN_MFA_REQUIRED = True
    admin = UserFactory(admin=True, username="systemforvaltare")

    login(page, live_server, admin)
    # Every page sends the administrator to set up a second factor first.
    assert page.url == live_server.url + reverse("mfa_index")
    expect(page.get_by_text("Din roll kräver tvåstegsverifiering")).to_be_visible()
    page.goto(live_server.url + reverse("accounts:user_list"))
    assert page.url == live_server.url + reverse("mfa_index")

    page.get_by_role("link", name="Aktivera autentiseringsapp").click()
    expect(page.get_by_role("heading", name="Aktivera autentiseringsapp")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kod för autentiseringsappen")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.get_by_label("Nyckel att skriva in i appen").input_value()
    page.get_by_label("Koden som appen visar").fill(current_code(secret))
    page.get_by_role("button", name="Aktivera").click()

    expect(page.get_by_role("heading", name="Reservkoder")).to_be_visible()
    codes = page.get_by_label("Oanvända koder").input_value().split()
    assert len(codes) == 10
    page.goto(live_server.url + reverse("accounts:user_list"))
    assert page.url == live_server.url + reverse("accounts:user_list")
    page.get_by_role("button", name="Logga ut").click()

    # The next login: the password alone is not enough.
    login(page, live_server, admin)
    assert page.url.startswith(live_server.url + reverse("mfa_authenticate"))
    assert axe_violations(page) == []
    field = page.get_by_label("Kod från autentiseringsappen eller en reservkod")
    field.fill("000000" if current_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Koden eller nyckeln godtogs inte")).to_be_visible()
    assert page.url.startswith(live_server.url + reverse("mfa_authenticate"))

    field.fill(current_code(secret))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + reverse("home"))
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

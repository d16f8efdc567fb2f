"""Login, logout and password change in Swedish; sessions expire; failed logins are throttled."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"


@pytest.fixture
def person(db):
    return UserFactory(controller=True, username="karin")


def _login(client, username="karin", password=PASSWORD):
    return client.post(reverse("login"), {"login": username, "password": password})


def test_login_page_is_in_swedish(client):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in body
    assert ">Användarnamn" in body
    assert ">Lösenord" in body
    assert "Logga in</button>" in body


def test_user_logs_in_and_reaches_the_start_page(client, person):
    response = _login(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_with_a_swedish_message(client, person):
    response = _login(client, password="fel-losenord-1")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_deactivated_user_cannot_log_in(client):
    UserFactory(controller=True, username="karin", is_active=False)
    response = _login(client)
    # The right password of a blocked account says so, in Swedish (a wrong one says only
    # "wrong password", so the page tells nothing to someone who does not know it).
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert "Kontot är spärrat" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_logout_requires_post_and_ends_the_session(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_refuses_a_short_password_in_swedish(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Kort-123", "new_password2": "Kort-123"},
    )
    assert response.status_code == 200
    assert "minst 12 tecken" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_keeps_the_user_logged_in(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Vinter-i-Vasastan-77",
            "new_password2": "Vinter-i-Vasastan-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password("Vinter-i-Vasastan-77")
    assert client.get(reverse("home")).status_code == 200


def test_session_cookie_ends_with_the_browser(client, person):
    response = _login(client)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_session_expires_after_eight_idle_hours_and_redirects_to_login(client, person):
    start = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        _login(client)
        traveller.shift(dt.timedelta(hours=7))
        assert client.get(reverse("home")).status_code == 200
        # Every request renews the session, so a working day of activity keeps it alive.
        traveller.shift(dt.timedelta(hours=7))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(hours=8, minutes=1))
        response = client.get(reverse("registry:provider_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_sixth_attempt_is_refused_even_with_the_right_password(client, person):
    for _ in range(4):
        assert _login(client, password="fel-losenord-1").status_code == 200
    locked = _login(client, password="fel-losenord-1")
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()

    response = _login(client, password=PASSWORD)

    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_lockout_is_logged(client, person, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            _login(client, password="fel-losenord-1")
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    attempt = AccessAttempt.objects.get(username="karin")
    assert attempt.failures_since_start == 5
    assert attempt.ip_address == "127.0.0.1"


def test_lockout_of_one_user_does_not_block_another(client, person):
    UserFactory(controller=True, username="olle")
    for _ in range(5):
        _login(client, password="fel-losenord-1")
    assert _login(client, username="olle").status_code == 302


def test_lockout_ends_after_the_cool_off_hour(client, person):
    start = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            _login(client, password="fel-losenord-1")
        assert _login(client).status_code == 429
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        assert _login(client).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, person):
    for _ in range(4):
        _login(client, password="fel-losenord-1")
    assert _login(client).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        _login(client, password="fel-losenord-1")
    assert _login(client).status_code == 302


def test_empty_login_names_the_missing_fields(client):
    body = client.post(reverse("login"), {}).content.decode()
    assert "Fyll i ditt användarnamn eller din e-postadress." in body
    assert "Fyll i ditt lösenord." in body

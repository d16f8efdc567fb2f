"""INSYN_LOCAL_LOGIN: with single sign-on in production the password form is only for
provider staff and the break-glass administrators (docs/sign-in.md); signup is closed."""

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "test-pass-123"


def _login(client, login):
    return client.post(reverse("login"), {"login": login, "password": PASSWORD})


@pytest.fixture
def local_login_off(settings):
    settings.INSYN_LOCAL_LOGIN = False
    settings.INSYN_BREAK_GLASS_USERS = ["reserv"]


def test_municipal_staff_are_sent_to_the_municipal_sign_on(client, local_login_off):
    UserFactory(controller=True, username="karin")
    response = _login(client, "karin")
    assert response.status_code == 200
    assert "loggar in med kommunens inloggning" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_says_only_wrong_password(client, local_login_off):
    UserFactory(controller=True, username="karin")
    response = client.post(reverse("login"), {"login": "karin", "password": "fel-losenord"})
    body = response.content.decode()
    assert "Fel användarnamn eller lösenord" in body
    assert "kommunens inloggning" not in body.split("<form")[-1]


def test_provider_staff_keep_their_password_and_e_mail_login(client, local_login_off):
    UserFactory(provider_user=True, username="lisa", email="lisa@omsorg.example")
    assert _login(client, "lisa@omsorg.example").status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_break_glass_administrator_keeps_the_password(client, local_login_off):
    UserFactory(admin=True, username="reserv", is_superuser=True)
    UserFactory(admin=True, username="annan-admin", is_superuser=True)
    assert _login(client, "reserv").status_code == 302
    client.post(reverse("logout"))
    assert _login(client, "annan-admin").status_code == 200


def test_with_local_login_on_staff_log_in_with_a_password(client, settings):
    settings.INSYN_LOCAL_LOGIN = True
    UserFactory(controller=True, username="karin")
    assert _login(client, "karin").status_code == 302


def test_nobody_can_sign_up(client):
    from allauth.account.adapter import get_adapter

    assert get_adapter().is_open_for_signup(None) is False
    with pytest.raises(Exception, match="Reverse"):
        reverse("account_signup")

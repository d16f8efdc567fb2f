"""API tokens: obtained with username and password, throttled by django-axes like the login page."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/token/"


@pytest.fixture
def api():
    return APIClient()


def test_user_gets_a_token_and_can_use_it(api, controller, provider):
    response = api.post(TOKEN_URL, {"username": "controller", "password": "test-pass-123"})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert Token.objects.get(user=controller).key == token

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = api.get("/api/v1/providers/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [provider.pk]


def test_same_token_is_returned_on_the_next_login(api, controller):
    data = {"username": "controller", "password": "test-pass-123"}
    assert api.post(TOKEN_URL, data).json() == api.post(TOKEN_URL, data).json()


def test_wrong_password_is_refused_in_swedish(api, controller):
    response = api.post(TOKEN_URL, {"username": "controller", "password": "fel"})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Fel användarnamn eller lösenord."]
    assert not Token.objects.exists()


def test_missing_fields_are_named(api):
    response = api.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_inactive_user_gets_no_token(api, controller):
    controller.is_active = False
    controller.save()
    response = api.post(TOKEN_URL, {"username": "controller", "password": "test-pass-123"})
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_repeated_failures_lock_the_account_out_like_the_login_page(api, controller, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN_URL, {"username": "controller", "password": "fel"})
    response = api.post(TOKEN_URL, {"username": "controller", "password": "test-pass-123"})
    assert response.status_code in {403, 429}
    assert not Token.objects.exists()


def test_provider_users_token_sees_only_its_own_provider(
    api, provider_user, provider, other_provider
):
    token = api.post(TOKEN_URL, {"username": "provider", "password": "test-pass-123"}).json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    listed = api.get("/api/v1/providers/").json()["results"]
    assert [row["id"] for row in listed] == [provider.pk]
    assert api.get(f"/api/v1/providers/{other_provider.pk}/").status_code == 404


def test_invalid_token_is_refused_with_401(api, provider):
    api.credentials(HTTP_AUTHORIZATION="Token ogiltig")
    assert api.get("/api/v1/providers/").status_code == 401


def test_administrator_can_create_a_token_on_the_command_line(controller, capsys):
    from django.core.management import call_command

    call_command("drf_create_token", "controller")
    assert Token.objects.get(user=controller).key in capsys.readouterr().out

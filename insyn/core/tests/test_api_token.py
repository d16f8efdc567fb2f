"""API tokens: obtained with username and password, throttled by django-axes like the login page."""

import datetime as dt

import pytest
import time_machine
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


# --- expiry and password change (issue 10, item 11) --------------------------------------


def _token(api):
    return api.post(TOKEN_URL, {"username": "controller", "password": "test-pass-123"}).json()[
        "token"
    ]


def test_token_stops_working_when_it_is_older_than_the_ttl(api, controller, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    with time_machine.travel(dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        key = _token(api)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(dt.datetime(2025, 1, 31, 11, 59, tzinfo=dt.UTC), tick=False):
        assert api.get("/api/v1/providers/").status_code == 200
    with time_machine.travel(dt.datetime(2025, 1, 31, 12, 0, tzinfo=dt.UTC), tick=False):
        response = api.get("/api/v1/providers/")
        assert response.status_code == 401
        assert "gått ut" in response.json()["detail"]
        api.credentials()
        # The next login gets a new token, good for another 30 days.
        assert _token(api) != key
    assert not Token.objects.filter(key=key).exists()


def test_token_ttl_zero_means_no_expiry(api, controller, settings):
    settings.API_TOKEN_TTL_DAYS = 0
    key = _token(api)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(dt.timedelta(days=3650)):
        assert api.get("/api/v1/providers/").status_code == 200


def test_token_stops_working_when_the_password_changes(api, controller):
    key = _token(api)
    controller.set_password("ett-helt-nytt-losenord-2025")
    controller.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/providers/").status_code == 401
    assert not Token.objects.filter(user=controller).exists()


def test_password_change_page_ends_the_users_tokens(client, api, controller):
    key = _token(api)
    client.force_login(controller)
    response = client.post(
        "/konto/byt-losenord/",
        {
            "old_password": "test-pass-123",
            "new_password1": "ett-helt-nytt-losenord-2025",
            "new_password2": "ett-helt-nytt-losenord-2025",
        },
    )
    assert response.status_code == 302
    assert not Token.objects.filter(key=key).exists()


def test_other_saves_of_the_user_keep_the_token(api, controller):
    key = _token(api)
    controller.first_name = "Nytt"
    controller.save()
    assert Token.objects.filter(key=key).exists()


# --- schema and docs ---------------------------------------------------------------------


def test_schema_and_docs_need_login_when_not_public(client, settings):
    settings.API_SCHEMA_PUBLIC = False
    assert client.get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_schema_and_docs_are_open_when_public(client, settings):
    settings.API_SCHEMA_PUBLIC = True
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_schema_is_not_public_by_default_in_production():
    from insyn import settings as project_settings

    if project_settings.DEBUG:
        pytest.skip("the default follows DEBUG")
    assert project_settings.API_SCHEMA_PUBLIC is False

"""Login throttling behind the proxy: the client's own address, never one it chose."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from rest_framework.test import APIClient

from insyn.core.client_ip import client_ip

PROXY = "10.0.0.2"
LOGIN_URL = "/konto/logga-in/"


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_header_from_an_untrusted_address_is_ignored(behind_proxy):
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_trusted_proxy_gives_the_right_most_address_it_did_not_add_itself(behind_proxy):
    # The client wrote "1.2.3.4" itself; our proxy appended the address it saw.
    assert client_ip(_request(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_chains_of_trusted_proxies_and_networks_are_skipped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(_request("10.0.0.2", "203.0.113.9, 10.0.0.7")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "nonsense", "203.0.113.9, not-an-ip"])
def test_unreadable_header_from_the_proxy_falls_back_to_the_proxy(behind_proxy, forwarded):
    assert client_ip(_request(PROXY, forwarded)) == PROXY


def _fail(client, forwarded, username="controller"):
    return client.post(
        LOGIN_URL,
        {"login": username, "password": "fel-losenord"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _login(client, forwarded, username="controller", password="test-pass-123"):
    return client.post(
        LOGIN_URL,
        {"login": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_lockout_is_per_user_and_real_address_so_others_can_still_log_in(
    client, controller, admin_user, behind_proxy, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "203.0.113.9")
    assert _login(client, "203.0.113.9").status_code == 429
    # The same user from another client, and the administrator, are not locked out.
    assert _login(client, "198.51.100.7").status_code == 302
    client.logout()
    assert _login(client, "203.0.113.9", username="admin").status_code == 302


def test_attempts_are_logged_with_the_real_address(client, controller, behind_proxy):
    _fail(client, "spoofed-by-client, 203.0.113.9")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


def test_a_new_forged_header_per_request_does_not_escape_the_lockout(client, controller, settings):
    # No trusted proxy (the client talks to gunicorn directly): the header counts for nothing.
    settings.TRUSTED_PROXIES = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN_URL,
            {"login": "controller", "password": "fel"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = client.post(
        LOGIN_URL,
        {"login": "controller", "password": "test-pass-123"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429


def test_token_throttle_counts_the_client_address_not_a_forged_header(db, settings):
    from django.core.cache import cache

    from insyn.core.api import TokenLoginThrottle

    settings.TRUSTED_PROXIES = []
    api = APIClient()
    statuses = [
        api.post(
            "/api/v1/token/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(31)
    ]
    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429
    # The count lives in the shared (database) cache, where every worker sees it.
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert cache.get(TokenLoginThrottle.cache_format % {"scope": "anon", "ident": "198.51.100.7"})


def test_failed_login_log_line_names_the_real_address(client, controller, behind_proxy, caplog):
    _fail(client, "203.0.113.9")
    assert "203.0.113.9" in caplog.text
    assert "controller" not in caplog.text

"""Security baseline: the production settings pass `check --deploy`, and every page is sent
with a strict CSP, clickjacking protection and cookies a script cannot read or leak."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]

# The environment docs/deploy.md tells a production installation to set.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "insyn.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://insyn.example.se",
    "SITE_URL": "https://insyn.example.se",
    "MUNICIPALITY_NAME": "Exempelkommunen",
    "MUNICIPALITY_ORG_NUMBER": "212000-0000",
    "OCID_PREFIX": "ocds-exmpl1",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_TLS_PROXY": "true",
    # Never connected to by `check`; a closed port so nothing is reached by mistake.
    "DATABASE_URL": "postgres://insyn:secret@127.0.0.1:1/insyn",
    "STATICFILES_STORAGE": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    # Municipal staff sign on through the municipality's identity provider (docs/sign-in.md).
    "INSYN_OIDC_SERVER_URL": "https://login.example.se/.well-known/openid-configuration",
    "INSYN_OIDC_CLIENT_ID": "insyn",
    "INSYN_OIDC_SECRET": "hemlig",
    "INSYN_LOCAL_LOGIN": "false",
}
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH")


def _random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-./:;<=>?@[]^_{|}~"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def _check_deploy(extra_env: dict) -> subprocess.CompletedProcess:
    # A clean environment, so a developer's own SECRET_KEY or DEBUG cannot make the test pass.
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(extra_env)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _check_deploy({**PRODUCTION_ENV, "SECRET_KEY": _random_secret_key()})
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_no_single_sign_on_is_configured():
    env = {**PRODUCTION_ENV, "SECRET_KEY": _random_secret_key()}
    del env["INSYN_OIDC_SERVER_URL"], env["INSYN_LOCAL_LOGIN"]
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "insyn.W020" in result.stdout + result.stderr
    result = _check_deploy({**env, "INSYN_LOCAL_LOGIN": "false"})
    assert "insyn.E020" in result.stdout + result.stderr


def test_check_deploy_fails_with_the_insecure_default_secret_key():
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_check_deploy_fails_without_https_settings():
    env = {"DEBUG": "false", "ALLOWED_HOSTS": "insyn.example.se"}
    result = _check_deploy({**env, "SECRET_KEY": _random_secret_key()})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W004" in output  # no HSTS
    assert "security.W008" in output  # no redirect to HTTPS


# --- Headers and cookies on real pages ---------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.org_unit = OrgUnitFactory(name="Stadsdel Väster")
    admin_user.save()
    client.force_login(admin_user)
    return client


def _admin_pages(admin_user):
    return [
        reverse("password_change"),
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[admin_user.pk]),
        reverse("accounts:user_history", args=[admin_user.pk]),
        reverse("accounts:orgunit_list"),
        reverse("accounts:orgunit_create"),
        reverse("accounts:orgunit_edit", args=[admin_user.org_unit_id]),
        reverse("accounts:orgunit_history", args=[admin_user.org_unit_id]),
    ]


def _assert_strict_headers(response, url):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp, url
    assert "script-src 'self'" in csp, url
    assert "style-src 'self'" in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert "object-src 'none'" in csp, url
    assert "unsafe-inline" not in csp, url
    assert "unsafe-eval" not in csp, url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url


def _assert_no_inline_code(body, url):
    # The CSP would block these anyway; finding one means a page is silently broken.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
    assert not re.search(r"<style\b", body), url
    assert not re.search(r"\sstyle=", body), url
    assert not re.search(r"\son[a-z]+=", body), url


@pytest.mark.django_db
def test_login_page_is_sent_with_strict_security_headers(client):
    response = client.get(reverse("login"))
    _assert_strict_headers(response, "login")
    _assert_no_inline_code(response.content.decode(), "login")


@pytest.mark.django_db
def test_staff_and_admin_pages_are_sent_with_strict_security_headers(admin_client, admin_user):
    for url in _admin_pages(admin_user):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        _assert_strict_headers(response, url)
        _assert_no_inline_code(response.content.decode(), url)


@pytest.mark.django_db
def test_error_pages_are_sent_with_strict_security_headers(client, controller):
    client.force_login(controller)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    _assert_strict_headers(response, "403")


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_and_same_site(client, settings):
    assert settings.DEBUG is False
    user = UserFactory(controller=True, username="karin")
    response = client.post(reverse("login"), {"login": user.username, "password": "test-pass-123"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_csrf_cookie_is_secure_httponly_and_same_site(client, settings):
    response = client.get(reverse("login"))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_cookies_are_secure_by_default_when_debug_is_off():
    from django.conf import settings

    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    # The expiry slides without a write per page (insyn/core/tests/test_sessions.py).
    assert "insyn.core.sessions.RefreshSessionMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_REFRESH_SECONDS == 5 * 60
    assert settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_text_fields_are_shown_as_text_never_run(admin_client):
    OrgUnitFactory(name='<script src="https://evil.example/x.js"></script>Stadsdel')
    body = admin_client.get(reverse("accounts:orgunit_list")).content.decode()
    assert "evil.example/x.js" in body
    assert '<script src="https://evil.example' not in body

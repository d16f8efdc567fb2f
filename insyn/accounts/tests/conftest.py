"""Fixtures for the account tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # These tests log in dozens of times; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory):
    """A real OpenID Provider (npm oidc-provider under node) on 127.0.0.1, for the whole
    session; tests set its people with `oidc_idp.set_accounts`."""
    from tests.idp.servers import OidcIdp

    idp = OidcIdp(
        tmp_path_factory.mktemp("oidc"),
        ["http://testserver/konto/oidc/kommunen/login/callback/"],
    )
    yield idp
    idp.stop()


@pytest.fixture
def oidc_settings(settings, oidc_idp):
    """Insyn configured for the local OpenID Provider, as INSYN_OIDC_* would in production."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "kommunen",
                    "name": "kommunens inloggning",
                    "client_id": oidc_idp.client_id,
                    "secret": oidc_idp.secret,
                    "settings": {
                        "server_url": oidc_idp.url,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
        }
    }
    return settings

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
        "saml": {"provider_class": settings.SAML_PROVIDER_CLASS},
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
        },
    }
    return settings


SAML_SP = "http://testserver/konto/saml/kommunen/metadata/"
SAML_ACS = "http://testserver/konto/saml/kommunen/acs/"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """A real SAML IdP (pysaml2's Server, signing with xmlsec1) on 127.0.0.1."""
    from tests.idp.servers import SamlIdp

    idp = SamlIdp(tmp_path_factory.mktemp("saml"), SAML_SP, SAML_ACS)
    yield idp
    idp.stop()


@pytest.fixture
def saml_settings(settings, saml_idp):
    """Insyn configured for the local SAML IdP, as INSYN_SAML_* would in production."""
    from insyn.settings import saml_app

    app = saml_app(
        name="kommunens inloggning (SAML)",
        entity_id=saml_idp.entity_id,
        sso_url=saml_idp.sso_url,
        x509cert=saml_idp.good["x509"],
        sp_entity_id=SAML_SP,
    )
    # The test client's host "testserver" has no dot; production hosts always do.
    app["settings"]["advanced"]["allow_single_label_domains"] = True
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": {"provider_class": settings.SAML_PROVIDER_CLASS, "APPS": [app]}
    }
    return settings

"""pytest fixtures for the local identity providers (tests/idp/servers.py), registered as a
plugin by the root conftest.py so the account tests (Django's test client, host
"testserver") and the browser journeys (the live server) both use them.

``oidc_idp`` / ``saml_idp``
    Session-wide OpenID Provider (npm oidc-provider) and SAML IdP (pysaml2) that send the
    browser back to the test client's host, http://testserver/.
``live_oidc_idp``
    A second OpenID Provider whose client's redirect URI is the live server's callback
    (its port is only known once pytest-django's session-wide ``live_server`` runs).
``oidc_settings`` / ``saml_settings`` / ``live_oidc_settings``
    Insyn configured for one of them, as INSYN_OIDC_* / INSYN_SAML_* would in production.
"""

import pytest

OIDC_CALLBACK = "/konto/oidc/kommunen/login/callback/"
SAML_SP = "http://testserver/konto/saml/kommunen/metadata/"
SAML_ACS = "http://testserver/konto/saml/kommunen/acs/"


def _oidc_providers(settings, idp) -> dict:
    return {
        # allauth reads the SAML provider_class once, at its first load: keep it here too.
        "saml": {"provider_class": settings.SAML_PROVIDER_CLASS},
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "kommunen",
                    "name": "kommunens inloggning",
                    "client_id": idp.client_id,
                    "secret": idp.secret,
                    "settings": {
                        "server_url": idp.url,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
        },
    }


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory):
    """A real OpenID Provider (npm oidc-provider under node) on 127.0.0.1, for the whole
    session; tests set its people with `oidc_idp.set_accounts`."""
    from tests.idp.servers import OidcIdp

    idp = OidcIdp(tmp_path_factory.mktemp("oidc"), [f"http://testserver{OIDC_CALLBACK}"])
    yield idp
    idp.stop()


@pytest.fixture
def oidc_settings(settings, oidc_idp):
    settings.SOCIALACCOUNT_PROVIDERS = _oidc_providers(settings, oidc_idp)
    return settings


@pytest.fixture(scope="session")
def live_oidc_idp(tmp_path_factory, live_server):
    """The OpenID Provider for the browser journeys: it sends the browser back to the live
    server (both of its host names, as the browser may use either)."""
    from urllib.parse import urlparse

    from tests.idp.servers import OidcIdp

    port = urlparse(live_server.url).port
    uris = [f"http://{host}:{port}{OIDC_CALLBACK}" for host in ("localhost", "127.0.0.1")]
    idp = OidcIdp(tmp_path_factory.mktemp("live-oidc"), uris)
    yield idp
    idp.stop()


@pytest.fixture
def live_oidc_settings(settings, live_oidc_idp):
    settings.SOCIALACCOUNT_PROVIDERS = _oidc_providers(settings, live_oidc_idp)
    return settings


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """A real SAML IdP (pysaml2's Server, signing with xmlsec1) on 127.0.0.1."""
    from tests.idp.servers import SamlIdp

    idp = SamlIdp(tmp_path_factory.mktemp("saml"), SAML_SP, SAML_ACS)
    yield idp
    idp.stop()


@pytest.fixture
def saml_settings(settings, saml_idp):
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

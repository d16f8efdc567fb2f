"""The identity provider's word on the second factor: amr / acr (OIDC) and AuthnContext (SAML),
and the INSYN_SSO_MFA policy on it. Cases computed by hand from RFC 8176 and the contexts."""

import pytest

from insyn.accounts.mfa_claims import (
    MS_METHODS_ATTRIBUTE,
    REFUSED,
    amr_shows_mfa,
    assertion_shows_mfa,
    context_shows_mfa,
    oidc_claims_show_mfa,
    saml_shows_mfa,
    sso_mfa_refusal,
)

LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


@pytest.mark.parametrize(
    ("amr", "expected"),
    [
        (["pwd", "mfa"], True),  # Entra ID after conditional access
        (["mfa"], True),
        (["mca"], True),
        (["pwd", "otp"], True),  # known + held
        (["hwk", "fpt"], True),  # held + inherent (a passkey with fingerprint)
        (["pin", "face"], True),
        (["pwd"], False),
        (["otp", "sms"], False),  # two held factors are still one kind
        (["pwd", "pin", "kba"], False),  # three known factors are still one kind
        ("pwd otp", True),  # a space-separated string
        (["PWD", "MFA"], True),
        ([], False),
        (None, False),
    ],
)
def test_amr_shows_a_second_factor_only_for_two_kinds_or_mfa(amr, expected):
    assert amr_shows_mfa(amr) is expected


def test_accepted_contexts_are_the_settings_list(settings):
    assert context_shows_mfa(LOA3)
    assert not context_shows_mfa(PASSWORD_CONTEXT)
    assert not context_shows_mfa(None)
    settings.INSYN_SSO_MFA_CONTEXTS = ["urn:kommun:mfa"]
    assert context_shows_mfa("urn:kommun:mfa")
    assert not context_shows_mfa(LOA3)


def test_oidc_claims_read_amr_or_acr():
    assert oidc_claims_show_mfa({"amr": ["pwd", "mfa"]})
    assert oidc_claims_show_mfa({"amr": ["pwd"], "acr": LOA3})
    assert not oidc_claims_show_mfa({"amr": ["pwd"], "acr": "1"})
    assert not oidc_claims_show_mfa({})


def test_saml_reads_the_authn_context_or_microsofts_methods_attribute():
    assert saml_shows_mfa([LOA3], {})
    assert not saml_shows_mfa([PASSWORD_CONTEXT], {})
    entra = {
        MS_METHODS_ATTRIBUTE: [
            "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password",
            "http://schemas.microsoft.com/claims/multipleauthn",
        ]
    }
    assert saml_shows_mfa([PASSWORD_CONTEXT], entra)
    password_only = {MS_METHODS_ATTRIBUTE: [entra[MS_METHODS_ATTRIBUTE][0]]}
    assert not saml_shows_mfa([PASSWORD_CONTEXT], password_only)


def test_assertion_reads_allauths_extra_data_of_either_protocol():
    # OpenID Connect: allauth keeps {"id_token": claims, "userinfo": claims}.
    assert assertion_shows_mfa({"id_token": {"amr": ["pwd", "mfa"]}, "userinfo": {}})
    assert assertion_shows_mfa({"id_token": {"amr": ["pwd"]}, "userinfo": {"acr": LOA3}})
    assert not assertion_shows_mfa({"id_token": {"amr": ["pwd"]}, "userinfo": {}})
    # SAML: the attributes, with the contexts under "authn_contexts".
    assert assertion_shows_mfa({"authn_contexts": [LOA3], "email": ["a@kommun.se"]})
    assert not assertion_shows_mfa({"authn_contexts": [PASSWORD_CONTEXT]})
    assert not assertion_shows_mfa({})
    assert not assertion_shows_mfa(None)


def test_trust_lets_every_sso_login_through(settings):
    settings.INSYN_SSO_MFA = "trust"
    assert sso_mfa_refusal({"id_token": {"amr": ["pwd"]}}) is None


def test_require_refuses_a_login_without_a_second_factor_in_swedish(settings):
    settings.INSYN_SSO_MFA = "require"
    assert sso_mfa_refusal({"id_token": {"amr": ["pwd"]}}) == REFUSED
    assert "två faktorer" in REFUSED
    assert sso_mfa_refusal({"id_token": {"amr": ["pwd", "mfa"]}}) is None
    assert sso_mfa_refusal({"authn_contexts": [LOA3]}) is None


def test_a_misspelt_mode_requires_rather_than_trusts(settings):
    settings.INSYN_SSO_MFA = "trusted"
    assert sso_mfa_refusal({"id_token": {"amr": ["pwd"]}}) == REFUSED

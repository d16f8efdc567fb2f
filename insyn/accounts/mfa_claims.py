"""What a single sign-on assertion says about the second factor the identity provider asked for.

Insyn does not ask an SSO user for its own second factor: the municipality's identity provider
does that. With INSYN_SSO_MFA = "trust" (the default) Insyn trusts the provider's policy and
only records what the assertion says; with "require" an assertion that does not show a second
factor is refused (docs/sign-in.md, "MFA").

Where the proof is:
- OpenID Connect: the ID token's (or userinfo's) `amr`, the methods used (RFC 8176), and
  `acr`, the context class (e.g. Sweden Connect's LoA3, REFEDS MFA);
- SAML 2.0: the AuthnContextClassRef of the AuthnStatement, and Microsoft's
  `authnmethodsreferences` attribute (Entra ID / AD FS put "multipleauthn" there).

`amr` shows a second factor when it says so ("mfa", "mca"), or when it names methods of two
different kinds: something known (pwd, pin, kba), something held (otp, sms, tel, hwk, swk, sc)
or something one is (fpt, face, iris, retina, vbm). `acr` and SAML contexts show one when
they are in INSYN_SSO_MFA_CONTEXTS (a list the municipality can replace).
"""

from django.conf import settings

# RFC 8176 method values, by the kind of factor they are.
KNOWN = frozenset({"pwd", "pin", "kba"})
HELD = frozenset({"otp", "sms", "tel", "hwk", "swk", "sc"})
INHERENT = frozenset({"fpt", "face", "iris", "retina", "vbm"})
# Values that say "several factors" on their own.
MULTI = frozenset({"mfa", "mca"})

# Context classes that mean a second factor was used, whoever sent them. Sweden Connect /
# Svensk e-legitimation LoA3 and LoA4 (BankID, Freja+, SITHS), the REFEDS MFA profile
# (SWAMID), Microsoft's multiple authentication, and the SAML 2.0 classes that are two-factor
# by definition.
DEFAULT_MFA_CONTEXTS = (
    "http://id.elegnamnden.se/loa/1.0/loa3",
    "http://id.elegnamnden.se/loa/1.0/loa4",
    "http://id.swedenconnect.se/loa/1.0/uncertified-loa3",
    "https://refeds.org/profile/mfa",
    "http://schemas.microsoft.com/claims/multipleauthn",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
)
# The SAML attribute in which Entra ID and AD FS list the methods used.
MS_METHODS_ATTRIBUTE = "http://schemas.microsoft.com/claims/authnmethodsreferences"

TRUST, REQUIRE = "trust", "require"
MODES = (TRUST, REQUIRE)

REFUSED = (
    "Inloggningen nekades: kommunens inloggningstjänst har inte intygat att du loggade in "
    "med två faktorer (till exempel BankID, app eller säkerhetsnyckel). Logga in igen och "
    "välj en inloggning med två faktorer, eller kontakta systemförvaltaren."
)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(item) for item in value]


def mfa_contexts() -> frozenset[str]:
    return frozenset(getattr(settings, "INSYN_SSO_MFA_CONTEXTS", None) or DEFAULT_MFA_CONTEXTS)


def amr_shows_mfa(amr) -> bool:
    """Example: ["pwd", "mfa"] → yes; ["pwd", "otp"] → yes (known + held); ["pwd"] → no;
    ["otp", "sms"] → no (two held factors are still one kind)."""
    methods = {method.strip().lower() for method in _as_list(amr)}
    if methods & MULTI:
        return True
    kinds = sum(bool(methods & kind) for kind in (KNOWN, HELD, INHERENT))
    return kinds >= 2


def context_shows_mfa(contexts) -> bool:
    """Example: "http://id.elegnamnden.se/loa/1.0/loa3" → yes; "…:PasswordProtectedTransport"
    → no."""
    accepted = mfa_contexts()
    return any(context in accepted for context in _as_list(contexts))


def oidc_claims_show_mfa(claims: dict) -> bool:
    """The ID token's (or userinfo's) claims: `amr` or `acr`."""
    return amr_shows_mfa(claims.get("amr")) or context_shows_mfa(claims.get("acr"))


def saml_shows_mfa(authn_contexts, attributes: dict) -> bool:
    """The AuthnContextClassRefs of the assertion, or Microsoft's methods attribute."""
    if context_shows_mfa(authn_contexts):
        return True
    methods = _as_list(attributes.get(MS_METHODS_ATTRIBUTE))
    return context_shows_mfa(methods) or any(m.rsplit("/", 1)[-1] in MULTI for m in methods)


def assertion_shows_mfa(extra_data: dict) -> bool:
    """What allauth keeps of an SSO login (`SocialAccount.extra_data`): for OpenID Connect
    {"id_token": {...}, "userinfo": {...}}; for SAML the attributes, with the
    AuthnContextClassRefs under "authn_contexts" where the SAML provider records them."""
    if not isinstance(extra_data, dict):
        return False
    for key in ("id_token", "userinfo"):
        claims = extra_data.get(key)
        if isinstance(claims, dict) and oidc_claims_show_mfa(claims):
            return True
    if oidc_claims_show_mfa(extra_data):
        return True
    return saml_shows_mfa(extra_data.get("authn_contexts"), extra_data)


def sso_mfa_mode() -> str:
    mode = getattr(settings, "INSYN_SSO_MFA", TRUST)
    return mode if mode in MODES else REQUIRE


def sso_mfa_refusal(extra_data: dict) -> str | None:
    """The Swedish refusal for an SSO login under INSYN_SSO_MFA, or None when it may go on.
    "trust": always None. "require": the assertion must show a second factor. An unknown
    mode counts as "require" (a typo must not open the door)."""
    if sso_mfa_mode() == TRUST or assertion_shows_mfa(extra_data):
        return None
    return REFUSED

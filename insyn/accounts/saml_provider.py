"""allauth's SAML provider, keeping what the assertion says about how the person logged in.

allauth stores only the assertion's attributes in `SocialAccount.extra_data`; the
AuthnContextClassRef of the AuthnStatement (the SAML proof of a second factor, see
mfa_claims.py) would be lost. This subclass adds python3-saml's
`auth.get_last_authn_contexts()` under "authn_contexts". It is registered through allauth's
documented extension point, SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"] (settings.py).
"""

from allauth.socialaccount.providers.saml.provider import SAMLProvider

AUTHN_CONTEXTS = "authn_contexts"


class InsynSAMLProvider(SAMLProvider):
    def extract_extra_data(self, data):
        # `data` is python3-saml's OneLogin_Saml2_Auth after process_response().
        extra = dict(super().extract_extra_data(data))
        extra[AUTHN_CONTEXTS] = list(data.get_last_authn_contexts() or [])
        return extra

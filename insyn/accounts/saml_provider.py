"""allauth's SAML provider, keeping what the assertion says about how the person logged in,
and asking the IdP for a fresh sign-on when Insyn needs a recent login.

allauth stores only the assertion's attributes in `SocialAccount.extra_data`; the
AuthnContextClassRef of the AuthnStatement (the SAML proof of a second factor, see
mfa_claims.py) would be lost. This subclass adds python3-saml's
`auth.get_last_authn_contexts()` under "authn_contexts". It is registered through allauth's
documented extension point, SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"] (settings.py).

Re-authentication (insyn/core/reauth.py) sends a person who only signs on through the IdP to
the provider's login URL with `auth_params=prompt=login`: allauth's request parameter for
extra authorization parameters, which its OpenID Connect provider passes on (`prompt=login`
makes the OpenID provider ask again). allauth's SAML provider ignores it, so an IdP with a
live session would answer at once without asking anybody anything. Here it becomes python3-
saml's `force_authn`: the AuthnRequest carries ForceAuthn="true" and the IdP must
authenticate the person again (SAML 2.0 Core §3.4.1).
"""

from urllib.parse import parse_qs

from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_auth
from allauth.utils import get_request_param
from django.http import HttpResponseRedirect

AUTHN_CONTEXTS = "authn_contexts"


def asks_for_fresh_login(auth_params: str | None) -> bool:
    """`auth_params` (a query string, as allauth's OAuth2 providers read it) asks for a new
    authentication: prompt=login. Example: "prompt=login" → True; "prompt=none", "" → False."""
    return "login" in parse_qs(auth_params or "").get("prompt", [])


class InsynSAMLProvider(SAMLProvider):
    def extract_extra_data(self, data):
        # `data` is python3-saml's OneLogin_Saml2_Auth after process_response().
        extra = dict(super().extract_extra_data(data))
        extra[AUTHN_CONTEXTS] = list(data.get_last_authn_contexts() or [])
        return extra

    def get_redirect_from_request_kwargs(self, request):
        kwargs = super().get_redirect_from_request_kwargs(request)
        kwargs["force_authn"] = asks_for_fresh_login(get_request_param(request, "auth_params"))
        return kwargs

    def redirect(self, request, process, next_url=None, data=None, force_authn=False, **kwargs):
        """allauth's SAMLProvider.redirect (django-allauth 65), with python3-saml's
        `force_authn` passed to `auth.login`, which has no other way in: the AuthnRequest is
        built by python3-saml, never by hand. test_sso_saml checks what the IdP receives."""
        auth = build_auth(request, self)
        # return_to="" as allauth: RelayState empty, the state is stashed under the request id.
        redirect = auth.login(return_to="", force_authn=force_authn)
        self.stash_redirect_state(
            request,
            process,
            next_url,
            data,
            state_id=auth.get_last_request_id(),
            **kwargs,
        )
        return HttpResponseRedirect(redirect)

"""Sends a user who must have a second factor, and has none yet, to set one up first.

`mfa.must_set_up_mfa` decides (administrators and controllers in production, provider staff
when the municipality turns it on; not after a single sign-on login). Until the user has an
app or a security key, every page but the setup pages, the re-authentication pages and
logging out redirects to the setup overview with a message saying why; the API and the
fragments htmx loads answer 403.
"""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from .mfa import must_set_up_mfa

SETUP_URL_NAME = "mfa_index"
# The pages a user without a second factor may still open.
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "account_reauthenticate",
        "account_logout",
        "logout",
        "healthz",
    }
)
MESSAGE = (
    "Din roll kräver tvåstegsverifiering. Lägg till en autentiseringsapp eller en "
    "säkerhetsnyckel innan du fortsätter."
)


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        if not must_set_up_mfa(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGE}, status=403)
        if request.headers.get("HX-Request"):
            # A fragment the page loads (the notification count): htmx swaps nothing on 403,
            # and the message stays for the page itself.
            return HttpResponse(MESSAGE, status=403, content_type="text/plain; charset=utf-8")
        messages.warning(request, MESSAGE)
        return redirect(SETUP_URL_NAME)


def sign_on_origins() -> list[str]:
    """The origins the login buttons' forms end up at: each configured OpenID provider's
    server and each SAML IdP's SingleSignOnService, plus INSYN_CSP_FORM_ACTION (for a provider
    whose authorization endpoint lives elsewhere than its issuer).

    Example: server_url "https://login.microsoftonline.com/<tenant>/v2.0" gives
    "https://login.microsoftonline.com"."""
    from urllib.parse import urlsplit

    from django.conf import settings

    urls = list(getattr(settings, "INSYN_CSP_FORM_ACTION", []))
    providers = settings.SOCIALACCOUNT_PROVIDERS or {}
    for app in (providers.get("openid_connect") or {}).get("APPS", []):
        urls.append((app.get("settings") or {}).get("server_url", ""))
    for app in (providers.get("saml") or {}).get("APPS", []):
        urls.append(((app.get("settings") or {}).get("idp") or {}).get("sso_url", ""))
    origins = []
    for url in urls:
        parts = urlsplit(url or "")
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
        if origin and origin not in origins:
            origins.append(origin)
    return origins


class SignOnFormActionMiddleware:
    """The CSP's form-action 'self' also covers where a form's POST is redirected to, and
    Chromium enforces that: the button "Logga in med kommunens inloggning" posts to Insyn,
    which redirects to the identity provider, and the browser stopped there. This adds the
    configured providers' origins to form-action (django-csp's per-response update); it sits
    inside csp.middleware.CSPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = sign_on_origins()
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response

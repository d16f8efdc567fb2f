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

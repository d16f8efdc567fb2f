"""A recent login before reading or exporting personal data (re-authentication).

Showing an identity number unmasked, opening a feedback attachment and exporting feedback
texts ask for a login within the last INSYN_REAUTH_MINUTES minutes (default 15). A login
that is older sends the user to allauth's re-authentication page (password, or the app code
or security key of someone with a second factor); a POST is kept and carried out once the
user has confirmed, so "Visa personnummer" shows the text right after the password.

"Login" is any authentication step allauth recorded in this session: the password, the
second factor, a single sign-on login or a re-authentication (their times are in the session,
`allauth.account.authentication.get_authentication_records`). A session without such a record
(a login that did not go through allauth) is never recent.

Views call `require_recent_login(request)` after their permission check, so somebody who
may not see the data gets the 403, not a password prompt.

Somebody who signs on only through the municipality's identity provider has no password and
no second factor here to confirm with: they are sent to sign on at the provider again (with
`auth_params=prompt=login`, so an OpenID provider asks them again rather than reusing its
session, and a SAML IdP gets ForceAuthn="true": insyn/accounts/saml_provider.py) and come
back to the page.
"""

import time
from urllib.parse import urlsplit

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse, ReauthenticationRequired
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def last_login_at(request) -> float | None:
    """Unix time of the session's latest authentication step, or None."""
    records = get_authentication_records(request, request.user)
    return max((record["at"] for record in records if "at" in record), default=None)


def logged_in_recently(request, minutes: float | None = None) -> bool:
    """Example: with INSYN_REAUTH_MINUTES = 15, a password typed 14 minutes ago is recent,
    one typed 16 minutes ago is not."""
    if not request.user.is_authenticated:
        return False
    minutes = settings.INSYN_REAUTH_MINUTES if minutes is None else minutes
    at = last_login_at(request)
    return at is not None and time.time() - at < minutes * 60


LOG_IN_AGAIN = "Logga ut och logga in igen för att se eller lämna ut personuppgifterna."


def _back_to(request) -> str:
    """Where to return after signing on again: the page itself for a GET; for a POST (which
    cannot be carried over the provider's round trip) the page it was sent from."""
    if request.method == "GET":
        return request.get_full_path()
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.path and url_has_allowed_host_and_scheme(
        request.headers.get("Referer", ""), allowed_hosts={request.get_host()}
    ):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def sign_on_again_url(request) -> str | None:
    """The provider's login address for a user whose session came from single sign-on, or
    None when the session has no sign-on record."""
    records = get_authentication_records(request, request.user)
    provider_id = next(
        (r.get("provider") for r in reversed(records) if r.get("method") == "socialaccount"),
        None,
    )
    if not provider_id:
        return None
    provider = get_social_adapter(request).get_provider(request, provider_id)
    return provider.get_login_url(
        request, process="login", next=_back_to(request), auth_params="prompt=login"
    )


def require_recent_login(request) -> None:
    """Unless the login is recent: raise allauth's ReauthenticationRequired (its middleware
    answers with the password or code page), or, for a user who can only sign on through
    the identity provider, send them there."""
    if logged_in_recently(request):
        return
    if get_account_adapter(request).get_reauthentication_methods(request.user):
        raise ReauthenticationRequired()
    url = sign_on_again_url(request)
    if url is None:
        raise PermissionDenied(LOG_IN_AGAIN)
    raise ImmediateHttpResponse(HttpResponseRedirect(url))


class RecentLoginCountsMixin:
    """For the account adapter: allauth's own re-authentication (before adding or removing a
    second factor) accepts a recent login too, not only a recent re-authentication, so a user
    who just logged in and is sent to set up an app is not asked for the password again."""

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not logged_in_recently(context.request)

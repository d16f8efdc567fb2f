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
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings


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


def require_recent_login(request) -> None:
    """Raise allauth's ReauthenticationRequired unless the login is recent; allauth's
    middleware answers it with the re-authentication page."""
    if not logged_in_recently(request):
        raise ReauthenticationRequired()


class RecentLoginCountsMixin:
    """For the account adapter: allauth's own re-authentication (before adding or removing a
    second factor) accepts a recent login too, not only a recent re-authentication, so a user
    who just logged in and is sent to set up an app is not asked for the password again."""

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not logged_in_recently(context.request)

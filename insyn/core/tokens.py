"""API tokens that expire (API_TOKEN_TTL_DAYS) and stop working when the password changes,
when the user is blocked, or when the user's memberships have all ended.

DRF's token never expires on its own. `ExpiringTokenAuthentication` refuses (and deletes) a
token older than the setting, and refuses a token whose user is blocked (inactive) or is
municipal staff with no membership left that gives a role (every membership removed, or
only memberships in closed units): the token carries the memberships, so without them it
carries nothing. Provider staff have no memberships (their organisation is the credential)
and are not affected. `forget_tokens_on_password_change` deletes a user's tokens whenever a
new password is saved (own change, set-password link, admin), so a leaked token dies with
the password it was obtained with. The person sees and revokes their own token on the page
"API-token" and with `GET`/`POST /api/v1/token/mine/`, `/api/v1/token/revoke/`.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

TOKEN_EXPIRED = "Token har gått ut. Hämta en ny med POST /api/v1/token/."
TOKEN_USER_BLOCKED = "Token gäller inte: användaren är spärrad."
TOKEN_NO_MEMBERSHIP = (
    "Token gäller inte längre: du har inget medlemskap (roll i en enhet) kvar. Kontakta "
    "systemförvaltningen."
)
TOKEN_INVALID = "Ogiltig token."


def token_ttl() -> dt.timedelta | None:
    """How long a token lives; None (API_TOKEN_TTL_DAYS = 0) means until the password changes."""
    days = getattr(settings, "API_TOKEN_TTL_DAYS", 0)
    return dt.timedelta(days=days) if days else None


def is_expired(token, now=None) -> bool:
    ttl = token_ttl()
    return ttl is not None and token.created + ttl <= (now or timezone.now())


def token_for(user) -> Token:
    """The user's token for a new login: the current one while it lives, else a new one."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …` as DRF's, refusing a token older than API_TOKEN_TTL_DAYS."""

    def authenticate_credentials(self, key):
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_USER_BLOCKED)
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED)
        if memberships_ended(user):
            token.delete()
            raise exceptions.AuthenticationFailed(TOKEN_NO_MEMBERSHIP)
        return user, token


def memberships_ended(user) -> bool:
    """Municipal staff (not a superuser) whose memberships give no role any more. Reads the
    roles through the user model's `roles` hook (core imports no app)."""
    if getattr(user, "is_superuser", False) or not hasattr(user, "active_roles"):
        return False
    return bool(getattr(user, "needs_membership", False)) and not user.active_roles()


def describe(token, now=None) -> dict:
    """What the owner may see of a token: when it was made, when it expires, a hint of the
    key (never the whole key after it was issued)."""
    ttl = token_ttl()
    return {
        "created": token.created,
        "expires": token.created + ttl if ttl else None,
        "key_hint": f"{token.key[:4]}…",
    }


def revoke_tokens(user) -> int:
    """Delete the user's tokens (the person's own revoke); returns how many."""
    return Token.objects.filter(user=user).delete()[0]


def forget_tokens_on_password_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save of the user: `set_password` leaves the new password in `_password` until
    the save has finished, which tells a password change from any other save without a
    query."""
    if created or raw or getattr(instance, "_password", None) is None:
        return
    Token.objects.filter(user=instance).delete()

"""API tokens that expire (API_TOKEN_TTL_DAYS) and stop working when the password changes.

DRF's token never expires on its own. `ExpiringTokenAuthentication` refuses (and deletes) a
token older than the setting; `forget_tokens_on_password_change` deletes a user's tokens
whenever a new password is saved (own change, set-password link, admin), so a leaked token
dies with the password it was obtained with.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

TOKEN_EXPIRED = "Token har gått ut. Hämta en ny med POST /api/v1/token/."


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
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED)
        return user, token


def forget_tokens_on_password_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save of the user: `set_password` leaves the new password in `_password` until
    the save has finished, which tells a password change from any other save without a
    query."""
    if created or raw or getattr(instance, "_password", None) is None:
        return
    Token.objects.filter(user=instance).delete()

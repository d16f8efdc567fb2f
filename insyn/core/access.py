"""One way to load an object for a user: scoped queryset first, then the object permission.

A record outside the user's scope answers 404, never 403, so its existence can't be guessed.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

logger = logging.getLogger("insyn.access")


def get_for_user(user, queryset, perm: str, **lookup):
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not user.has_perm(perm, obj):
        refuse(user, perm, obj, refusal_message(perm))
    return obj


def require_perm(user, perm: str, obj=None):
    if not user.has_perm(perm, obj):
        refuse(user, perm, obj, refusal_message(perm))


def refusal_message(perm: str) -> str:
    """The Swedish reason a refusal gives: who may do it, from the permission's rule.

    Example: `followup.approve_plan` → "Du har inte behörighet till detta. Det får göras av:
    chef i den nämnd som planen hör till …"."""
    from .permission_docs import who_may

    who = who_may(perm)
    if not who:
        return "Du har inte behörighet till detta."
    return f"Du har inte behörighet till detta. Det får göras av: {who}."


def refuse(user, action: str, obj, message: str):
    """Refuse a write the user may not make, with a Swedish `message` that says why (shown on
    the 403 page and as the API's `detail`), and log who tried what on which object. Raise it
    before anything is changed: a refused write changes nothing."""
    logger.warning(
        "Refused %s on %s %s for user %s",
        action,
        type(obj).__name__ if obj is not None else "-",
        getattr(obj, "pk", "-"),
        getattr(user, "pk", None),
    )
    raise PermissionDenied(message)

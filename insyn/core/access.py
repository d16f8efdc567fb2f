"""One way to load an object for a user: scoped queryset first, then the object permission.

A record outside the user's scope answers 404, never 403, so its existence can't be guessed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def get_for_user(user, queryset, perm: str, **lookup):
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def require_perm(user, perm: str, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied

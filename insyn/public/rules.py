"""Permissions for publication: only controllers and administrators publish or unpublish."""

import rules

from insyn.accounts.constants import Role


@rules.predicate
def is_publisher(user):
    return bool(getattr(user, "is_active", False)) and (
        getattr(user, "role", None) in {Role.ADMIN, Role.CONTROLLER}
        or getattr(user, "is_superuser", False)
    )


@rules.predicate
def is_municipal(user):
    return bool(getattr(user, "is_municipal", False))


rules.add_perm("public.publish", is_publisher)
rules.add_perm("public.view_publication", is_municipal)

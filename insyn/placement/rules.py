"""Permissions for the recommendation search: placement officers (and controllers, admins)
search and recommend; the receiving case worker and municipal staff read recommendations."""

import rules

from insyn.accounts.constants import Role


@rules.predicate
def can_recommend(user):
    return bool(getattr(user, "is_municipal", False)) and (
        user.role in {Role.PLACEMENT_OFFICER, Role.CONTROLLER, Role.ADMIN} or user.is_superuser
    )


@rules.predicate
def is_municipal(user):
    return bool(getattr(user, "is_municipal", False))


rules.add_perm("placement.search", can_recommend)
rules.add_perm("placement.add_recommendation", can_recommend)
rules.add_perm("placement.view_recommendation", is_municipal)

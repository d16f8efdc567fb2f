"""Permissions for users and organisations (role predicates in `predicates.py`)."""

import rules

from insyn.core.permission_docs import describe_predicates

from .predicates import is_admin, is_municipal

rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.manage_orgunits", is_admin)


@rules.predicate
def own_membership(user, membership):
    return membership is not None and membership.user_id == user.pk


rules.add_perm("accounts.view_membership", is_admin | (is_municipal & own_membership))

describe_predicates(
    {
        "own_membership": "för sina egna medlemskap",
    }
)

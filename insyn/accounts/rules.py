"""Permission predicates for users and organisations (object permissions through `rules`)."""

import rules


@rules.predicate
def is_admin(user):
    return bool(getattr(user, "is_admin_role", False))


rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.manage_orgunits", is_admin)

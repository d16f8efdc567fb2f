"""Permissions for publication: only controllers and administrators publish or unpublish."""

import rules

from insyn.accounts.predicates import can_edit_register, is_municipal

rules.add_perm("public.publish", can_edit_register)
rules.add_perm("public.view_publication", is_municipal)

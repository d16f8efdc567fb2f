"""Permissions for users and organisations (role predicates in `predicates.py`)."""

import rules

from .predicates import is_admin

rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.manage_orgunits", is_admin)

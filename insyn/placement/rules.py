"""Permissions for the recommendation search: placement officers (and controllers, admins)
search and recommend; the receiving case worker and municipal staff read recommendations."""

import rules

from insyn.accounts.predicates import can_recommend, is_municipal

rules.add_perm("placement.search", can_recommend)
rules.add_perm("placement.add_recommendation", can_recommend)
rules.add_perm("placement.view_recommendation", is_municipal)

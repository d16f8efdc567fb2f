"""Permissions for placements and ratings. A rating can only come from the case worker who
ordered the placement; providers see only their own aggregated ratings, never who rated."""

import rules

from insyn.accounts.predicates import (
    can_follow_answer_rates,
    can_register_placement,
    is_municipal,
    is_provider_user,
)


@rules.predicate
def ordered_placement(user, placement):
    return placement is not None and placement.case_worker_id == user.pk


rules.add_perm("ratings.view_placement", is_municipal)
rules.add_perm("ratings.add_placement", can_register_placement)
rules.add_perm("ratings.rate_placement", is_municipal & ordered_placement)
rules.add_perm("ratings.change_placement", can_register_placement)
rules.add_perm("ratings.view_answer_rates", can_follow_answer_rates)
rules.add_perm("ratings.view_unit_rating", is_municipal)
rules.add_perm("ratings.view_own_ratings", is_provider_user)

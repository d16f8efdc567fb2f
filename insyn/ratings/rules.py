"""Permissions for placements and ratings. A rating can only come from the case worker who
ordered the placement; providers see only their own aggregated ratings, never who rated."""

import rules

from insyn.accounts.constants import Role


def _role_in(*roles):
    @rules.predicate
    def check(user):
        return bool(getattr(user, "is_municipal", False)) and (
            user.role in roles or user.is_superuser
        )

    return check


is_municipal = rules.predicate(lambda user: bool(getattr(user, "is_municipal", False)))
is_provider_user = rules.predicate(lambda user: bool(getattr(user, "is_provider_user", False)))

can_register_placement = _role_in(
    Role.ADMIN, Role.CONTROLLER, Role.PLACEMENT_OFFICER, Role.CASE_WORKER, Role.COORDINATOR
)
can_follow_answer_rates = _role_in(Role.ADMIN, Role.CONTROLLER, Role.COORDINATOR, Role.MANAGER)


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

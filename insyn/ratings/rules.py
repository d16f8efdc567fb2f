"""Permissions for placements and ratings. A rating can only come from the case worker who
ordered the placement; providers see only their own aggregated ratings, never who rated."""

import rules

from insyn.accounts.constants import Role
from insyn.accounts.predicates import (
    acts_for_district,
    can_follow_answer_rates,
    can_recommend,
    can_register_placement,
    is_municipal,
    is_provider_user,
)
from insyn.core.permission_docs import describe_predicates


@rules.predicate
def ordered_placement(user, placement):
    return placement is not None and placement.case_worker_id == user.pk


# Admins, controllers and the placement unit register and change placements across the
# municipality (`can_recommend`); case workers and coordinators only for their own districts.
DISTRICT_PLACEMENT_ROLES = frozenset({Role.CASE_WORKER, Role.COORDINATOR})


def acts_for_placement_district(user, district_id) -> bool:
    """Example: a coordinator in Angered registers or cancels Angered's placements, not
    Lundby's; a placement officer acts for every district."""
    if can_recommend(user):  # admin, controller, placement officer (or superuser)
        return True
    return acts_for_district(user, district_id, DISTRICT_PLACEMENT_ROLES)


@rules.predicate
def acts_on_placement(user, placement):
    """The placement's ordering district is the user's (`acts_for_placement_district`), or
    the user ordered it. Without an object the role alone answers."""
    if placement is None:
        return True
    return placement.case_worker_id == user.pk or acts_for_placement_district(
        user, placement.district_id
    )


def placement_refusal(user, district, case_worker) -> dict[str, str]:
    """Field → Swedish message when `user` may not register a placement for `district` with
    `case_worker` (empty when they may): district staff register only for a district they
    act for, with a case worker of that district.

    Example: a case worker in Angered choosing district Lundby gets
    {"district": "Du kan bara registrera placeringar för din egen stadsdel ..."}."""
    errors = {}
    if district is not None and not acts_for_placement_district(user, district.pk):
        errors["district"] = (
            f"Du kan bara registrera placeringar för din egen stadsdel, inte för {district}. "
            "Välj din stadsdel."
        )
    elif (
        district is not None
        and case_worker is not None
        and not acts_for_district(case_worker, district.pk, {Role.CASE_WORKER})
    ):
        errors["case_worker"] = (
            f"{case_worker} är inte handläggare i {district}. Välj en handläggare i stadsdelen."
        )
    return errors


rules.add_perm("ratings.view_placement", is_municipal)
rules.add_perm("ratings.add_placement", can_register_placement)
rules.add_perm("ratings.rate_placement", is_municipal & ordered_placement)
rules.add_perm("ratings.change_placement", can_register_placement & acts_on_placement)
rules.add_perm("ratings.view_answer_rates", can_follow_answer_rates)
rules.add_perm("ratings.view_unit_rating", is_municipal)
rules.add_perm("ratings.view_own_ratings", is_provider_user)

describe_predicates(
    {
        "ordered_placement": "handläggaren som beställde placeringen",
        "acts_on_placement": "med medlemskap i placeringens stadsdel, eller den som beställde den",
    }
)

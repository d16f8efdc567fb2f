"""Who may read and write reports (documented in docs/reports.md).

- Reports (annual report, council report, indicators and goals): admins, controllers and
  managers read them; providers and other municipal staff do not.
- The feedback tertial table: every municipal user, for the org units they may see
  (`queries.orgunits_for`): admins, controllers and managers see every unit and the whole
  municipality; other municipal staff their own org unit's subtree. Providers never.
- Writing report texts, indicators and values: admins and controllers.
- Proposing a goal's status: controllers (and admins) whose memberships cover the goal's
  org unit. Confirming it is the committee's decision: a manager of the committee the goal's
  org unit belongs to, or a person with a recorded delegation (`decides_for_committee`).
"""

import rules

from insyn.accounts.predicates import (
    CONTROLLER_ROLES,
    acts_for_unit,
    decides_for_committee,
    decides_somewhere,
    is_controller,
    is_municipal,
    sees_all_reports,
    units_acted_for,
)
from insyn.core.permission_docs import describe_predicates


@rules.predicate
def may_see_org_unit(user, org_unit):
    """`org_unit` None is the whole municipality; otherwise the unit must be in scope."""
    if sees_all_reports(user):
        return True
    if not is_municipal(user) or not user.org_unit_id:
        return False
    if org_unit is None:
        return False
    return org_unit.pk in user.org_unit.descendant_ids()


@rules.predicate
def writes_for_org_unit(user, obj):
    """An indicator or goal of an org unit the user is controller (or admin) for; without an
    object the role alone answers (the object is checked where it is written)."""
    return obj is None or controls_org_unit(user, getattr(obj, "org_unit_id", None))


def controls_org_unit(user, org_unit_id) -> bool:
    """A controller (or admin) whose membership covers the org unit; `None` (the whole
    municipality) needs a central membership. The one rule behind every report write."""
    return acts_for_unit(user, org_unit_id, CONTROLLER_ROLES)


def writes_texts_for(user, org_unit) -> bool:
    """The report's own texts (annual report sections, the feedback table's summaries) of an
    org unit are written by a controller whose membership covers it; the whole
    municipality's (`org_unit` None) by a central one. Reading is wider: a controller of
    Socialnämnden Centrum reads Nordost's report but does not write its texts."""
    return user.has_perm("reports.change_report") and controls_org_unit(
        user, org_unit.pk if org_unit is not None else None
    )


def goal_committee_id(goal):
    """The committee a goal belongs to (None: the municipality's own goals)."""
    return goal.org_unit.committee_id_of() if goal.org_unit_id else None


@rules.predicate
def decides_goal(user, goal):
    """The committee confirms its goals: a manager whose membership covers the committee the
    goal's org unit belongs to, or a recorded delegate for it; a municipality-wide goal needs
    a central one. Controllers propose. Without an object: a manager or delegate somewhere
    (the button; the goal is checked on confirm)."""
    if goal is None:
        return decides_somewhere(user)
    return decides_for_committee(user, goal_committee_id(goal))


@rules.predicate
def covers_committee(user, committee):
    """The comparison page and the council report per committee: a report role (admin,
    controller, manager) whose membership covers the committee; `None` (the whole
    municipality, every committee) needs a central membership; the menu asks
    `view_regi_comparison` (the role alone) instead."""
    from insyn.accounts.predicates import REPORT_SEE_ALL_ROLES, acts_for_committee

    if committee is None:
        return units_acted_for(user, REPORT_SEE_ALL_ROLES) is None
    return acts_for_committee(user, getattr(committee, "pk", committee), REPORT_SEE_ALL_ROLES)


rules.add_perm("reports.view_reports", sees_all_reports)
rules.add_perm("reports.view_regi_comparison", sees_all_reports)
rules.add_perm("reports.view_committee", sees_all_reports & covers_committee)
rules.add_perm("reports.view_feedback_table", is_municipal)
rules.add_perm("reports.view_org_unit", may_see_org_unit)
rules.add_perm("reports.change_report", is_controller & writes_for_org_unit)
rules.add_perm("reports.confirm_goal", sees_all_reports & decides_goal)
rules.add_perm("reports.propose_goal_status", is_controller & writes_for_org_unit)

describe_predicates(
    {
        "writes_for_org_unit": "med medlemskap som omfattar målets eller indikatorns enhet",
        "decides_goal": (
            "chef i den nämnd som målet hör till, eller den nämnden har delegerat beslutet till"
        ),
        "may_see_org_unit": "för enheter inom det egna medlemskapet",
        "covers_committee": "med medlemskap som omfattar nämnden (hela kommunen: centralt)",
    }
)

"""Allowed status changes. Every status change goes through `check(...)` in services.

Like Amsterdam/signals' ALLOWED_STATUS_CHANGES: a change not listed here is refused.
"""

from .constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus, PlanStatus


class DomainError(Exception):
    """A refused action; the message is Swedish and shown to the user as is."""


class TransitionError(DomainError):
    """A status change that the workflow does not allow."""


PLAN_CHANGES = {
    PlanStatus.DRAFT: {PlanStatus.APPROVED},
    PlanStatus.APPROVED: set(),
}

FOLLOWUP_CHANGES = {
    # A visit is finished by the controller; a self-report is first sent to the provider.
    FollowUpStatus.DRAFT: {FollowUpStatus.SENT, FollowUpStatus.DONE},
    FollowUpStatus.SENT: {FollowUpStatus.SUBMITTED},
    # The controller reviews: finish it, or send it back to the provider to complete.
    FollowUpStatus.SUBMITTED: {FollowUpStatus.DONE, FollowUpStatus.SENT},
    FollowUpStatus.DONE: set(),
}

DEFICIENCY_CHANGES = {
    DeficiencyStatus.OPEN: {DeficiencyStatus.PLAN_SUBMITTED, DeficiencyStatus.REMEDIED},
    # Returned plans put the deficiency back to open.
    DeficiencyStatus.PLAN_SUBMITTED: {DeficiencyStatus.PLAN_ACCEPTED, DeficiencyStatus.OPEN},
    DeficiencyStatus.PLAN_ACCEPTED: {DeficiencyStatus.REMEDIED, DeficiencyStatus.OPEN},
    DeficiencyStatus.REMEDIED: set(),
}

ACTION_PLAN_CHANGES = {
    ActionPlanStatus.SUBMITTED: {ActionPlanStatus.ACCEPTED, ActionPlanStatus.RETURNED},
    ActionPlanStatus.ACCEPTED: set(),
    ActionPlanStatus.RETURNED: set(),
}

TABLES = {
    "plan": (PLAN_CHANGES, PlanStatus),
    "followup": (FOLLOWUP_CHANGES, FollowUpStatus),
    "deficiency": (DEFICIENCY_CHANGES, DeficiencyStatus),
    "action_plan": (ACTION_PLAN_CHANGES, ActionPlanStatus),
}


def is_allowed(kind: str, current: str, new: str) -> bool:
    table, _ = TABLES[kind]
    return new in table.get(current, set())


def check(kind: str, current: str, new: str) -> None:
    if not is_allowed(kind, current, new):
        _, choices = TABLES[kind]
        raise TransitionError(
            f"Det går inte att ändra status från ”{choices(current).label}” till "
            f"”{choices(new).label}”."
        )

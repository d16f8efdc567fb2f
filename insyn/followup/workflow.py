"""Allowed status changes. Every status change goes through `check(TABLE, ...)` in services.

Like Amsterdam/signals' ALLOWED_STATUS_CHANGES: a change not listed here is refused (see
`insyn.core.workflow`).
"""

from insyn.core.workflow import Table

from .constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus, PlanStatus

PLAN = Table(
    PlanStatus,
    {
        PlanStatus.DRAFT: {PlanStatus.APPROVED},
        PlanStatus.APPROVED: set(),
    },
)

FOLLOWUP = Table(
    FollowUpStatus,
    {
        # A visit is finished by the controller; a self-report is first sent to the provider.
        FollowUpStatus.DRAFT: {FollowUpStatus.SENT, FollowUpStatus.DONE},
        FollowUpStatus.SENT: {FollowUpStatus.SUBMITTED},
        # The controller reviews: finish it, or send it back to the provider to complete.
        FollowUpStatus.SUBMITTED: {FollowUpStatus.DONE, FollowUpStatus.SENT},
        FollowUpStatus.DONE: set(),
    },
)

DEFICIENCY = Table(
    DeficiencyStatus,
    {
        DeficiencyStatus.OPEN: {DeficiencyStatus.PLAN_SUBMITTED, DeficiencyStatus.REMEDIED},
        # Returned plans put the deficiency back to open.
        DeficiencyStatus.PLAN_SUBMITTED: {DeficiencyStatus.PLAN_ACCEPTED, DeficiencyStatus.OPEN},
        DeficiencyStatus.PLAN_ACCEPTED: {DeficiencyStatus.REMEDIED, DeficiencyStatus.OPEN},
        DeficiencyStatus.REMEDIED: set(),
    },
)

ACTION_PLAN = Table(
    ActionPlanStatus,
    {
        ActionPlanStatus.SUBMITTED: {ActionPlanStatus.ACCEPTED, ActionPlanStatus.RETURNED},
        ActionPlanStatus.ACCEPTED: set(),
        ActionPlanStatus.RETURNED: set(),
    },
)

"""Every allowed and every forbidden status change, for each table in workflow.py."""

import itertools

import pytest

from insyn.core.workflow import TransitionError, check, is_allowed
from insyn.followup import workflow
from insyn.followup.constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus, PlanStatus

ALLOWED = {
    "plan": {(PlanStatus.DRAFT, PlanStatus.APPROVED)},
    "followup": {
        (FollowUpStatus.DRAFT, FollowUpStatus.SENT),
        (FollowUpStatus.DRAFT, FollowUpStatus.DONE),
        (FollowUpStatus.SENT, FollowUpStatus.SUBMITTED),
        (FollowUpStatus.SUBMITTED, FollowUpStatus.DONE),
        (FollowUpStatus.SUBMITTED, FollowUpStatus.SENT),
    },
    "deficiency": {
        (DeficiencyStatus.OPEN, DeficiencyStatus.PLAN_SUBMITTED),
        (DeficiencyStatus.OPEN, DeficiencyStatus.REMEDIED),
        (DeficiencyStatus.PLAN_SUBMITTED, DeficiencyStatus.PLAN_ACCEPTED),
        (DeficiencyStatus.PLAN_SUBMITTED, DeficiencyStatus.OPEN),
        (DeficiencyStatus.PLAN_ACCEPTED, DeficiencyStatus.REMEDIED),
        (DeficiencyStatus.PLAN_ACCEPTED, DeficiencyStatus.OPEN),
    },
    "action_plan": {
        (ActionPlanStatus.SUBMITTED, ActionPlanStatus.ACCEPTED),
        (ActionPlanStatus.SUBMITTED, ActionPlanStatus.RETURNED),
    },
}
TABLES = {
    "plan": workflow.PLAN,
    "followup": workflow.FOLLOWUP,
    "deficiency": workflow.DEFICIENCY,
    "action_plan": workflow.ACTION_PLAN,
}
CHOICES = {
    "plan": PlanStatus,
    "followup": FollowUpStatus,
    "deficiency": DeficiencyStatus,
    "action_plan": ActionPlanStatus,
}
CASES = [
    (kind, current, new)
    for kind, choices in CHOICES.items()
    for current, new in itertools.product(choices.values, repeat=2)
]


@pytest.mark.parametrize(("kind", "current", "new"), CASES)
def test_transition_is_allowed_exactly_when_listed(kind, current, new):
    expected = (current, new) in ALLOWED[kind]
    assert is_allowed(TABLES[kind], current, new) is expected
    if expected:
        check(TABLES[kind], current, new)
    else:
        with pytest.raises(TransitionError, match="Det går inte att ändra status"):
            check(TABLES[kind], current, new)


def test_a_remedied_deficiency_is_final():
    assert not any(
        is_allowed(workflow.DEFICIENCY, DeficiencyStatus.REMEDIED, s)
        for s in DeficiencyStatus.values
    )

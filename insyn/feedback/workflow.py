"""The feedback status flow as one transition table (pattern from Amsterdam/signals).

registered → sent → answered → feedback_given → closed, and closed → registered only by a
reopening with a reason. Feedback about the municipality's own handling (an org unit, no
provider) has no provider step: registered → feedback_given → closed (`ORG_FLOW`);
`flow_for(item)` picks the table. Anything else (skipping a step, going backwards) is refused with a
Swedish message and nothing changes (`insyn.core.workflow.check(FLOW, ...)`).
"""

from insyn.core.workflow import Table

from .constants import Status


def _refusal(current: str, new: str, allowed: list[str]) -> str:
    return (
        f"Ärendet är {current.lower()} och kan inte bli {new.lower()}. "
        f"Nästa steg är: {', '.join(label.lower() for label in allowed)}. "
        "Stegen måste tas i ordning."
    )


FLOW = Table(
    Status,
    {
        Status.REGISTERED: frozenset({Status.SENT}),
        Status.SENT: frozenset({Status.ANSWERED}),
        Status.ANSWERED: frozenset({Status.FEEDBACK_GIVEN}),
        Status.FEEDBACK_GIVEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.REGISTERED}),
    },
    # The permission each step needs (see rules.py).
    permissions={
        (Status.REGISTERED, Status.SENT): "feedback.send_item",
        (Status.SENT, Status.ANSWERED): "feedback.answer_item",
        (Status.ANSWERED, Status.FEEDBACK_GIVEN): "feedback.give_feedback",
        (Status.FEEDBACK_GIVEN, Status.CLOSED): "feedback.close_item",
        (Status.CLOSED, Status.REGISTERED): "feedback.reopen_item",
    },
    refusal=_refusal,
)


ORG_FLOW = Table(
    Status,
    {
        Status.REGISTERED: frozenset({Status.FEEDBACK_GIVEN}),
        Status.FEEDBACK_GIVEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.REGISTERED}),
    },
    permissions={
        (Status.REGISTERED, Status.FEEDBACK_GIVEN): "feedback.give_feedback",
        (Status.FEEDBACK_GIVEN, Status.CLOSED): "feedback.close_item",
        (Status.CLOSED, Status.REGISTERED): "feedback.reopen_item",
    },
    refusal=_refusal,
)


def flow_for(item) -> Table:
    """The flow of `item`: ORG_FLOW for feedback about an org unit, FLOW otherwise."""
    return ORG_FLOW if item.org_unit_id else FLOW

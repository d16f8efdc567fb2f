"""The feedback status flow as one transition table (pattern from Amsterdam/signals).

registered → sent → answered → feedback_given → closed, and closed → registered only by a
reopening with a reason. Anything else (skipping a step, going backwards) is refused with a
Swedish message and nothing changes.
"""

from .constants import Status

ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    Status.REGISTERED: frozenset({Status.SENT}),
    Status.SENT: frozenset({Status.ANSWERED}),
    Status.ANSWERED: frozenset({Status.FEEDBACK_GIVEN}),
    Status.FEEDBACK_GIVEN: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.REGISTERED}),
}

# The permission each target status needs (see rules.py).
TRANSITION_PERMISSIONS: dict[tuple[str, str], str] = {
    (Status.REGISTERED, Status.SENT): "feedback.send_item",
    (Status.SENT, Status.ANSWERED): "feedback.answer_item",
    (Status.ANSWERED, Status.FEEDBACK_GIVEN): "feedback.give_feedback",
    (Status.FEEDBACK_GIVEN, Status.CLOSED): "feedback.close_item",
    (Status.CLOSED, Status.REGISTERED): "feedback.reopen_item",
}


class TransitionError(Exception):
    """A refused status change; the message is Swedish and meant for the user."""


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_STATUS_CHANGES.get(from_status, frozenset())


def check(from_status: str, to_status: str) -> None:
    if is_allowed(from_status, to_status):
        return
    current = Status(from_status).label.lower()
    wanted = Status(to_status).label.lower() if to_status in Status.values else to_status
    allowed = ", ".join(Status(s).label.lower() for s in ALLOWED_STATUS_CHANGES[from_status])
    raise TransitionError(
        f"Ärendet är {current} och kan inte bli {wanted}. "
        f"Nästa steg är: {allowed}. Stegen måste tas i ordning."
    )


def permission_for(from_status: str, to_status: str) -> str:
    return TRANSITION_PERMISSIONS[(from_status, to_status)]

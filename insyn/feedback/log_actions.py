"""Feedback events: name → Swedish sentence (see `core.history`). An item's text, the
provider's action and notes to the person are free text and never go into the log."""

from .constants import Status

ACTIONS = {
    "insyn.feedback.item.registered": "{object} registrerades.",
    "insyn.feedback.item.sent": "{object} skickades till utföraren.",
    "insyn.feedback.item.answered": "Utföraren besvarade {object}.",
    "insyn.feedback.item.feedback_given": "Återkoppling lämnades för {object}.",
    "insyn.feedback.item.closed": "{object} avslutades.",
    "insyn.feedback.item.reopened": "{object} öppnades igen.",
    "insyn.feedback.item.forwarded": "{object} vidarebefordrades till controller.",
}

# The event a status change writes; back to "registered" is a reopening.
TRANSITION_ACTIONS = {
    Status.SENT: "insyn.feedback.item.sent",
    Status.ANSWERED: "insyn.feedback.item.answered",
    Status.FEEDBACK_GIVEN: "insyn.feedback.item.feedback_given",
    Status.CLOSED: "insyn.feedback.item.closed",
    Status.REGISTERED: "insyn.feedback.item.reopened",
}

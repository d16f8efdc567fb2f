"""Receivers for other apps' signals, connected in `FollowupConfig.ready()`."""

from insyn.core.errors import DomainError
from insyn.feedback.signals import FollowupRefused

from .services import add_event_driven_followup


def add_followup_for_alert(sender, *, unit, reason, user, source_label="", **kwargs):
    """feedback.signals.followup_requested: add an event-driven follow-up to this year's
    plan; a refusal (e.g. a closed unit) goes back to feedback as FollowupRefused."""
    try:
        return add_event_driven_followup(unit, reason, user, source_label=source_label)
    except DomainError as exc:
        raise FollowupRefused(str(exc)) from exc

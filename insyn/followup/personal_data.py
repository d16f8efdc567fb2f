"""Unmasked reads of follow-up texts. Pages show identity numbers masked, but the answer form
must show the stored text to whoever may change it (the controller on the follow-up page, the
provider on its self-report). Opening such a form when its stored text holds an identity
number is logged as auditlog's "access" on the follow-up (who, when, which follow-up), the
way feedback logs "Visa personnummer"."""

from auditlog.context import set_actor
from auditlog.signals import accessed

from insyn.core.identity import contains_identity_number

from .models import FollowUp


def form_shows_identity_number(followup, answers, staff: bool) -> bool:
    """Whether the answer form about to be shown holds an identity number in its stored
    text: the answers and comments, and for staff the visit's participants and summary."""
    texts = [text for answer in answers for text in (answer.value, answer.comment)]
    if staff:
        texts += [followup.participants, followup.summary]
    return any(contains_identity_number(text) for text in texts if text)


def log_unmasked_read(followup, user) -> None:
    """One "Läst" entry on the follow-up, by `user`."""
    with set_actor(user):
        accessed.send(sender=FollowUp, instance=followup)

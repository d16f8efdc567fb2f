"""Signals the feedback app sends to apps above it; their receivers live in those apps.

feedback sits below followup in the layering (`docs/architecture.md`): followup reads
feedback's counts, so feedback may not import followup. Where feedback needs followup to
act, it sends a signal and followup connects the receiver in `FollowupConfig.ready()`.
"""

import django.dispatch

from insyn.core.errors import DomainError


class FollowupRefused(DomainError):
    """A receiver refused to add the follow-up; the Swedish message is shown as is."""


# A controller handling an escalation alert asks for an event-driven follow-up of the
# alert's unit. Arguments: unit, reason, user, source_label. A receiver returns what it
# created (its str() is kept on the alert) or raises FollowupRefused.
#
# Sent inside handle_alert's transaction, not on commit: the follow-up and the handled
# alert are one unit of work (a refusal rolls both back and leaves the alert open with the
# reason shown), and the page must say whether the follow-up was added.
followup_requested = django.dispatch.Signal()

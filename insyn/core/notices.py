"""The vocabulary every app uses to raise a notification (avisering); see docs/notifications.md.

An app declares its kinds in its own `notices.py` as `Kind` objects (what happened, who gets
it, the Swedish subject and text, the permission the receiver must still hold) and raises one
with `kind.send(target, …)` inside the transaction of the change. The notifications app (the
top of the layering) lists every app's `notices.KINDS` by a plain import and receives
`notice_raised`: it writes the in-app notification and the outbox row in the same transaction,
so a rolled-back change sends nothing. Nothing else sends mail.

Example: `followup.notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)`
gives each active user of the unit's provider one notification "Handlingsplan begärd –
Solgläntan" linking to `/portal/uppfoljning/brist/<pk>/`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django.dispatch
from django.core.exceptions import ImproperlyConfigured

# Sent with sender=Kind and notice=Notice; the notifications app is the one receiver.
notice_raised = django.dispatch.Signal()


@dataclass(frozen=True)
class Notice:
    """One raised notification before it is written: the receivers and the safe context."""

    kind: "Kind"
    target: object
    recipients: tuple
    due: dt.date | None
    context: dict
    link: str


@dataclass(frozen=True, eq=False)
class Kind:
    """A kind of notification.

    `subject` and `text` are Swedish `str.format` templates filled from `context(target)`,
    which must hold no identity numbers and no feedback free text (names, dates, numbers).
    `recipients(target)` returns the users to tell; `link(target, user)` the path of the
    object for that user (portal or staff page); `permission` is asked again when the
    notification is shown or mailed, so a receiver who lost access gets nothing.
    """

    key: str
    label: str
    subject: str
    text: str
    recipients: Callable[[object], Iterable]
    link: Callable[[object, object], str]
    context: Callable[[object], dict]
    permission: str
    audience: str = "kommunen"
    reminder: bool = False
    extra: dict = field(default_factory=dict)
    # Relations the permission check reads (select_related when a list loads the targets).
    related: tuple = ()

    def __str__(self):
        return self.label

    def send(self, target, *, recipients=None, due: dt.date | None = None, **extra) -> None:
        """Raise this notification about `target` (inside the caller's transaction)."""
        if not notice_raised.has_listeners():
            raise ImproperlyConfigured("insyn.notifications is not installed: nobody is told.")
        users = tuple(self.recipients(target) if recipients is None else recipients)
        if not users:
            return
        context = {**self.context(target), **extra}
        notice = Notice(self, target, users, due, context, "")
        notice_raised.send(sender=self, notice=notice)

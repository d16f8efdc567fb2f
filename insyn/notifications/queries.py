"""Reads: a person's own notifications, and the outbox for the administrator."""

from django.db.models import Q

from .models import Notification, OutgoingMail
from .sending import shown


def notifications_for(user):
    """The user's own notifications, newest first (never anybody else's)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


# The badge and the list's count look at this many of the newest unread notifications.
UNREAD_WINDOW = 100


def unread_summary(user) -> tuple[int, bool]:
    """(unread notifications the person may still see, whether there are more unread beyond
    the newest UNREAD_WINDOW). The same filter as the list (`shown`: the object exists and
    the kind's permission still holds), so the badge never counts what the list hides.
    Queries: the unread rows (the `notification_unread` index), one per object type among
    them and the person's scope once — not one per notification."""
    rows = list(notifications_for(user).filter(read_at__isnull=True)[: UNREAD_WINDOW + 1])
    return len(shown(rows[:UNREAD_WINDOW])), len(rows) > UNREAD_WINDOW


def unread_count(user) -> int:
    """The visible unread count (`unread_summary`), at most UNREAD_WINDOW."""
    return unread_summary(user)[0]


def outbox(kind: str = "", receiver: str = "", status: str = ""):
    """The outbox for the administrator, newest first, optionally filtered: `kind` a kind key
    ("sammanfattning" for the daily digests), `receiver` a part of the user name, name or
    address, `status` a MailStatus value. One query per page (the receiver joined)."""
    mails = OutgoingMail.objects.select_related("recipient").order_by("-created_at", "-pk")
    if kind == DIGEST_FILTER:
        mails = mails.filter(digest_on__isnull=False)
    elif kind:
        mails = mails.filter(kind=kind)
    if receiver:
        mails = mails.filter(
            Q(recipient__username__icontains=receiver)
            | Q(recipient__first_name__icontains=receiver)
            | Q(recipient__last_name__icontains=receiver)
            | Q(recipient__email__icontains=receiver)
            | Q(to_email__icontains=receiver)
        )
    if status:
        mails = mails.filter(status=status)
    return mails


# The outbox filter's value for the daily digests (they have no kind).
DIGEST_FILTER = "sammanfattning"

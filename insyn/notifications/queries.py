"""Reads: a person's own notifications, and the outbox for the administrator."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .kinds import KINDS
from .models import Notification, OutgoingMail
from .sending import visible


def notifications_for(user):
    """The user's own notifications, newest first (never anybody else's)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


def unread_count(user) -> int:
    """One indexed query (recipient, read_at)."""
    return notifications_for(user).filter(read_at__isnull=True).count()


def shown(notifications):
    """The page's notifications the receiver may still see (the object exists and the
    kind's permission still holds); targets are fetched one query per object type."""
    rows = list(notifications)
    wanted = {}
    for row in rows:
        wanted.setdefault(row.content_type_id, set()).add(row.object_id)
    related = {}
    for row in rows:
        kind = KINDS.get(row.kind)
        related.setdefault(row.content_type_id, set()).update(kind.related if kind else ())
    targets = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        objects = model._default_manager.filter(pk__in=ids)
        if related[type_id]:
            objects = objects.select_related(*sorted(related[type_id]))
        for obj in objects:
            targets[(type_id, obj.pk)] = obj
    result = []
    for row in rows:
        target = targets.get((row.content_type_id, row.object_id))
        if target is not None:
            row.target = target
            if visible(row):
                result.append(row)
    return result


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

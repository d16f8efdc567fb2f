"""Writes of the notifications app: reminders for the dates that pass, daily digests,
marking read, preferences, resend. Each is one transaction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .constants import Delivery, MailStatus
from .kinds import KINDS, reminders
from .models import Notification, NotificationSettings, OutgoingMail, Preference


@transaction.atomic
def send_reminders(today: dt.date | None = None) -> int:
    """Raise every app's reminders for `today`; returns how many were raised. A second run
    on the same day raises the same (kind, object, due date) again and writes nothing."""
    today = today or timezone.localdate()
    raised = 0
    for kind, target, due in reminders(today):
        kind.send(target, due=due)
        raised += 1
    return raised


@transaction.atomic
def build_digests(now=None) -> int:
    """At or after the configured hour, put each person's unsent digest notifications into
    one mail for today; returns the number of digests made. Idempotent: one per person and
    day (a unique constraint), so a second run the same day adds to nothing.

    Example: digest hour 7; at 06:59 nothing happens; at 07:00 a person with three
    digest notifications gets one mail holding all three."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < NotificationSettings.current().digest_hour:
        return 0
    today = now.date()
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, mail__isnull=True)
    made = 0
    for user_id in waiting.values_list("recipient_id", flat=True).distinct():
        mail, created = OutgoingMail.objects.get_or_create(recipient_id=user_id, digest_on=today)
        if not created:
            continue  # today's digest is made; what came after goes in tomorrow's
        waiting.filter(recipient_id=user_id).update(mail=mail)
        made += 1
    if made:
        from .receivers import schedule_drain

        schedule_drain()
    return made


def mark_read(user, pks=None) -> int:
    """Mark the user's notifications read (all unread ones when pks is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def save_preferences(user, choices: dict[str, str]) -> None:
    """Store the user's choice per kind (only known kinds and known choices)."""
    for key, choice in choices.items():
        if key in KINDS and choice in Delivery.values:
            Preference.objects.update_or_create(user=user, kind=key, defaults={"delivery": choice})


@transaction.atomic
def resend(mail) -> OutgoingMail:
    """Queue a mail again (the administrator's resend): pending, attempts from zero."""
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    from .receivers import schedule_drain

    schedule_drain()
    mail.refresh_from_db()
    return mail


@transaction.atomic
def renew_calendar_feed(user):
    """A new secret calendar address for the user; the old one stops working at once."""
    import secrets

    from .models import CalendarFeed

    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()}
    )
    return feed

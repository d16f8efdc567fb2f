"""The outbox worker: sends pending mail through Django's mail backend (SMTP in production).

Mails are claimed (status 'skickas', attempts + 1) in a committed transaction before the
SMTP call, a batch at a time, and marked sent after (one write per batch): a worker that
crashes in between leaves them claimed and they are never sent twice (the administrator can
resend them). A refused or timed-out
connection retries with back-off; after MAX_ATTEMPTS the mail is 'kunde inte skickas'.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from insyn.core.links import absolute_url

from .constants import MailStatus
from .kinds import KINDS
from .models import Bounce, Notification, OutgoingMail

log = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, 3rd failed attempt; the 4th failure is final.
BACKOFF_MINUTES = (1, 10, 60)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# A digest lists at most this many notifications and links to the rest.
DIGEST_MAX_ITEMS = 50
# Mails claimed, loaded and marked sent together by one drain step.
BATCH = 100


def visible(notification) -> bool:
    """Whether the receiver may still see the notification: the object exists, the
    account is active and the kind's permission still holds on the object."""
    user, target = notification.recipient, notification.target
    kind = KINDS.get(notification.kind)
    return (
        kind is not None
        and target is not None
        and user.is_active
        and user.has_perm(kind.permission, target)
    )


def shown(notifications):
    """The page's notifications the receiver may still see (the object exists and the
    kind's permission still holds); targets are fetched one query per object type."""
    rows = list(notifications)
    wanted, people = {}, {}
    for row in rows:
        wanted.setdefault(row.content_type_id, set()).add(row.object_id)
        # One user object per receiver, so the permission checks load its scope once.
        row.recipient = people.setdefault(row.recipient_id, row.recipient)
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


def _skip(mail, reason: str) -> str:
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.SKIPPED, last_error=reason)
    return MailStatus.SKIPPED


def _message(mail, items, more: int) -> EmailMultiAlternatives:
    municipality = settings.INSYN["MUNICIPALITY_NAME"]
    context = {
        "mail": mail,
        "items": [
            {"subject": n.subject, "text": n.text, "url": absolute_url(n.link)} for n in items
        ],
        "more": more,
        "list_url": absolute_url("/aviseringar/"),
        "settings_url": absolute_url("/aviseringar/installningar/"),
        "municipality": municipality,
        "digest": mail.digest_on is not None,
    }
    if mail.digest_on is not None:
        count = len(items) + more
        subject = f"Insyn: {count} {'avisering' if count == 1 else 'aviseringar'} – {municipality}"
    else:
        subject = items[0].subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/mail.txt", context),
        to=[mail.recipient.email],
        headers={"Message-ID": f"<insyn-utskick-{mail.pk}@{_domain()}>"},
    )
    message.attach_alternative(render_to_string("notifications/mail.html", context), "text/html")
    return message


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "insyn"


def deliver(mail, connection, now=None, *, shown=None, bounced=None) -> str:
    """Send one claimed mail; returns its new status. A sent mail is marked at once, unless
    the caller collects the marks (`drain` passes `shown` and `bounced` it loaded for a
    whole batch, and marks the batch's sent mails in one write, see `_send`)."""
    status, sent = _send(mail, connection, now or timezone.now(), shown, bounced)
    if sent is not None:
        _mark_sent([sent])
    return status


def _send(mail, connection, now, shown=None, bounced=None):
    """(status, the mail to mark sent or None). Skips, refusals and failures are written here
    (they are few); the sent mark is left to the caller."""
    user = mail.recipient
    if not user.is_active:
        return _skip(mail, "Kontot är inaktiverat."), None
    try:
        validate_email(user.email)
    except ValidationError:
        reason = "Mottagaren saknar e-postadress." if not user.email else "Ogiltig e-postadress."
        return _skip(mail, reason), None
    if bounced is None:
        bounced = set(
            Bounce.objects.filter(user=user, email=user.email).values_list("user_id", "email")
        )
    if (user.pk, user.email) in bounced:
        return _skip(mail, f"Adressen {user.email} har studsat tidigare."), None
    if shown is None:
        notifications = list(mail.notifications.select_related("recipient").order_by("created_at"))
        shown = [n for n in notifications if visible(n)]
    if not shown:
        return _skip(mail, "Objektet finns inte längre eller mottagaren saknar behörighet."), None
    message = _message(mail, shown[:DIGEST_MAX_ITEMS], max(0, len(shown) - DIGEST_MAX_ITEMS))
    _open(connection)
    message.connection = connection
    try:
        try:
            message.send()
        except smtplib.SMTPServerDisconnected:
            # The kept-open connection was dropped by the server (idle): once more, anew.
            _reset(connection)
            _open(connection)
            message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        reason = f"Adressen nekades av e-postservern: {exc.recipients}"[:500]
        Bounce.objects.get_or_create(user=user, email=user.email, defaults={"reason": reason})
        OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, last_error=reason)
        return MailStatus.FAILED, None
    except (smtplib.SMTPException, OSError) as exc:
        reason = f"{type(exc).__name__}: {exc}"[:500]
        _reset(connection)
        log.warning("Mail %s failed (attempt %s): %s", mail.pk, mail.attempts, reason)
        if mail.attempts >= MAX_ATTEMPTS:
            status, retry_at = MailStatus.FAILED, now
        else:
            status = MailStatus.PENDING
            retry_at = now + dt.timedelta(minutes=BACKOFF_MINUTES[mail.attempts - 1])
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=status, last_error=reason, next_attempt_at=retry_at
        )
        return status, None
    mail.status, mail.sent_at, mail.to_email = MailStatus.SENT, now, user.email
    mail.subject, mail.last_error = message.subject[:300], ""
    return MailStatus.SENT, mail


def _mark_sent(mails) -> None:
    """One write for a batch's sent mails. A crash before it leaves them 'skickas' (claimed):
    never sent again by itself, which is the at-most-once promise."""
    if mails:
        with transaction.atomic():
            OutgoingMail.objects.bulk_update(
                mails, ["status", "sent_at", "to_email", "subject", "last_error"]
            )


def _open(connection) -> None:
    """Keep one SMTP connection open across the mails (the backend otherwise opens and
    closes one per mail); a failure to open is met again, and handled, by the send."""
    if getattr(connection, "connection", True) is None:
        try:
            connection.open()
        except (smtplib.SMTPException, OSError):
            _reset(connection)


def _reset(connection) -> None:
    """Drop a broken SMTP connection; the next send opens a new one."""
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        connection.connection = None


def claim(pk) -> bool:
    """Take one pending mail for sending (committed at once); False if another worker has it."""
    return bool(
        OutgoingMail.objects.filter(pk=pk, status=MailStatus.PENDING).update(
            status=MailStatus.SENDING, attempts=F("attempts") + 1
        )
    )


def claim_batch(pks) -> list:
    """Take the pending ones of `pks` for sending, in one committed transaction; returns
    those this worker got (another worker's claims in between are left to it)."""
    with transaction.atomic():
        return [pk for pk in pks if claim(pk)]


def _load_batch(pks):
    """The claimed mails with their receivers, each mail's notifications the receiver may
    still see, and the bounced addresses: a fixed number of queries per batch."""
    mails = list(OutgoingMail.objects.select_related("recipient").filter(pk__in=pks).order_by("pk"))
    notifications = list(
        Notification.objects.filter(mail_id__in=pks)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    by_mail = {}
    for notification in shown(notifications):
        by_mail.setdefault(notification.mail_id, []).append(notification)
    bounced = set(
        Bounce.objects.filter(user_id__in={m.recipient_id for m in mails}).values_list(
            "user_id", "email"
        )
    )
    return mails, by_mail, bounced


def drain(limit: int = 1000, now=None, batch: int = BATCH) -> dict[str, int]:
    """Send every pending mail whose time has come, over one SMTP connection, `batch` mails
    at a time: claimed in one commit, loaded in a few queries, sent one by one, marked sent
    in one write.

    Example: three pending mails, the second to a user without an address → returns
    {"sent": 2, "skipped": 1}."""
    now = now or timezone.now()
    due = list(
        OutgoingMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    if not due:
        return counts
    connection = get_connection(fail_silently=False)
    try:
        for start in range(0, len(due), batch):
            claimed = claim_batch(due[start : start + batch])
            if not claimed:
                continue
            mails, by_mail, bounced = _load_batch(claimed)
            sent = []
            try:
                for mail in mails:
                    status, done = _send(mail, connection, now, by_mail.get(mail.pk, []), bounced)
                    counts[status] = counts.get(status, 0) + 1
                    if done is not None:
                        sent.append(done)
            finally:
                _mark_sent(sent)
    finally:
        _reset(connection)
    return {str(key): value for key, value in counts.items()}

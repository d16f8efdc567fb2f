"""Writes a raised notice (core.notices.notice_raised) as notifications and outbox rows, in
the transaction of the change that raised it; the worker is asked to drain after commit."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from insyn.core.identity import mask_identity_numbers
from insyn.core.links import absolute_url

from .constants import Delivery
from .models import Notification, NotificationSettings, OutgoingMail, Preference


def _fill(template: str, context: dict) -> str:
    # Masked again on the way out: a context must not carry identity numbers.
    return mask_identity_numbers(template.format(**context))


def _render(kind, target, user, context) -> tuple[str, str, str]:
    values = dict(context)
    for name, link in kind.extra.items():
        values[name] = absolute_url(link(target, user))
    return (
        _fill(kind.subject, values)[:300],
        _fill(kind.text, values)[:1000],
        kind.link(target, user)[:500],
    )


def choices_for(users, kind_key: str) -> dict:
    """{user pk: Delivery} for a kind: the person's choice, or at once; a mandatory kind
    chosen 'none' is mailed at once anyway. One query for the preferences."""
    chosen = dict(
        Preference.objects.filter(user__in=[u.pk for u in users], kind=kind_key).values_list(
            "user_id", "delivery"
        )
    )
    mandatory = kind_key in NotificationSettings.current().mandatory_kinds
    result = {}
    for user in users:
        choice = chosen.get(user.pk, Delivery.IMMEDIATE)
        if mandatory and choice == Delivery.NONE:
            choice = Delivery.IMMEDIATE
        result[user.pk] = choice
    return result


def write_notice(sender, notice, **kwargs) -> list[Notification]:
    kind, target = notice.kind, notice.target
    content_type = ContentType.objects.get_for_model(type(target))
    day = notice.due or timezone.localdate()
    users = {u.pk: u for u in notice.recipients}
    already = set(
        Notification.objects.filter(
            recipient__in=list(users),
            kind=kind.key,
            content_type=content_type,
            object_id=target.pk,
            occurred_on=day,
        ).values_list("recipient_id", flat=True)
    )
    new_users = [u for pk, u in users.items() if pk not in already]
    if not new_users:
        return []
    choices = choices_for(new_users, kind.key)
    rendered = {user.pk: _render(kind, target, user, notice.context) for user in new_users}
    # Two inserts per notice however many receivers (the nightly run raises thousands).
    mails = {
        mail.recipient_id: mail
        for mail in OutgoingMail.objects.bulk_create(
            [
                OutgoingMail(recipient=user, kind=kind.key, subject=rendered[user.pk][0])
                for user in new_users
                if choices[user.pk] == Delivery.IMMEDIATE
            ]
        )
    }
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind.key,
                content_type=content_type,
                object_id=target.pk,
                occurred_on=day,
                subject=rendered[user.pk][0],
                text=rendered[user.pk][1],
                link=rendered[user.pk][2],
                delivery=choices[user.pk],
                mail=mails.get(user.pk),
            )
            for user in new_users
        ]
    )
    if any(n.mail_id for n in created):
        schedule_drain()
    return created


def schedule_drain() -> None:
    """Ask the worker to drain the outbox after commit — once per transaction, however many
    notices it raised (the nightly run raises thousands). A rollback drops the callback
    together with the rows, and the next transaction schedules its own."""
    connection = transaction.get_connection()
    pending = getattr(connection, "_insyn_drain", None)
    if (
        pending is not None
        and not pending.ran
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        return

    def drain_after_commit():
        drain_after_commit.ran = True
        _enqueue_drain()

    drain_after_commit.ran = False
    connection._insyn_drain = drain_after_commit
    transaction.on_commit(drain_after_commit)


def _enqueue_drain():
    from .tasks import drain_outbox

    drain_outbox.enqueue()

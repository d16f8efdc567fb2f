"""Notifications (issue 14): the nightly reminder run over a region, the header's unread
count, and the outbox draining mails to a local SMTP sink.

At --scale 1 it fills, over the register's units: 5,000 open deficiencies (action plans due
or overdue), 1,000 self-reports out, 20,000 open feedback items, 1,000 planned follow-ups
of this year's approved plan, and 2,000 provider users (the receivers). Deadlines are
spread ±60 days around today, so about a third of them pass a reminder date tonight.
The outbox part sends `size(10_000)` mails (quick: `--scale 0.01` sends 100) through
Django's SMTP backend to an aiosmtpd server on 127.0.0.1 started here, one worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import threading
import time

from bench.harness import BenchContext, Result

FULL = {
    "deficiencies": 5_000,
    "self_reports": 1_000,
    "feedback": 20_000,
    "plan_rows": 1_000,
    "users": 2_000,
}
FULL_MAILS = 10_000
NIGHTLY_GOAL_MS = 60_000
MAILS_PER_SECOND_GOAL = 100
UNREAD_GOAL_MS = 50
# The header's user gets this many notifications, a third unread, so the count has rows.
HEADER_NOTIFICATIONS = 3_000
SPREAD_DAYS = 60
BATCH = 2_000
TAG = "bench-avisering"


def _rng():
    return random.Random(2026)  # noqa: S311 - bench data


def fill(ctx: BenchContext) -> dict:
    """Top up the data set (the register is reused between runs); returns the sizes."""
    from django.db import transaction

    from insyn.followup.models import Deficiency

    want = {k: ctx.size(v) for k, v in FULL.items()}
    if Deficiency.objects.filter(description=TAG).count() >= want["deficiencies"]:
        return want
    with transaction.atomic():
        _fill(ctx, want)
    ctx.analyze()
    return want


def _fill(ctx: BenchContext, want: dict) -> None:
    from django.utils import timezone

    from insyn.accounts.constants import Role
    from insyn.accounts.models import User
    from insyn.feedback.constants import OPEN_STATUSES, Concern, Kind, Severity, Source
    from insyn.feedback.models import FeedbackItem
    from insyn.followup.constants import (
        DeficiencyStatus,
        FollowUpStatus,
        PlanRule,
        PlanStatus,
    )
    from insyn.followup.models import (
        Deficiency,
        FollowUp,
        FollowUpPlan,
        PlannedFollowUp,
    )
    from insyn.questionnaires.constants import Method
    from insyn.questionnaires.models import Template
    from insyn.registry.models import Unit

    rng = _rng()
    today = timezone.localdate()
    ctx.log(f"notifications: filling {want} …")
    # Receivers: provider users on the providers of a pool of units; the events are about
    # those units, so every notice has someone to tell.
    units = list(
        Unit.objects.order_by("pk").values_list("pk", "provider_id", "district_id")[
            : want["users"] * 5
        ]
    )
    providers = sorted({p for _, p, _ in units})[: want["users"]]
    User.objects.bulk_create(
        [
            User(
                username=f"bench-utforare-{i}",
                email=f"bench-utforare-{i}@example.se",
                role=Role.PROVIDER,
                provider_id=provider_id,
                password="!",
            )
            for i, provider_id in enumerate(providers)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    covered = set(providers)
    units = [u for u in units if u[1] in covered]
    template, _ = Template.objects.get_or_create(
        code="bench-avisering", defaults={"name": "Bench", "method": Method.SITE_VISIT}
    )

    def day():
        return today + dt.timedelta(days=rng.randint(-SPREAD_DAYS, SPREAD_DAYS))

    # A done follow-up per deficiency (its parent), and self-reports out.
    parents = FollowUp.objects.bulk_create(
        [
            FollowUp(
                unit_id=rng.choice(units)[0],
                template=template,
                method=Method.SITE_VISIT,
                status=FollowUpStatus.DONE,
                reason=TAG,
            )
            for _ in range(want["deficiencies"])
        ],
        batch_size=BATCH,
    )
    Deficiency.objects.bulk_create(
        [
            Deficiency(
                followup_id=parent.pk,
                unit_id=parent.unit_id,
                description=TAG,
                deadline=day(),
                status=DeficiencyStatus.OPEN,
            )
            for parent in parents
        ],
        batch_size=BATCH,
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                unit_id=rng.choice(units)[0],
                template=template,
                method=Method.SELF_REPORT,
                status=FollowUpStatus.SENT,
                deadline=day(),
                reason=TAG,
            )
            for _ in range(want["self_reports"])
        ],
        batch_size=BATCH,
    )
    handlers = list(
        User.objects.exclude(role=Role.PROVIDER)
        .filter(org_unit__isnull=False)
        .values_list("pk", "org_unit_id")
    )
    open_statuses = list(OPEN_STATUSES)
    items = []
    for _ in range(want["feedback"]):
        unit_id, provider_id, district_id = rng.choice(units)
        handler_id, handler_district = rng.choice(handlers)
        due = day()
        items.append(
            FeedbackItem(
                provider_id=provider_id,
                unit_id=unit_id,
                district_id=district_id or handler_district,
                kind=Kind.COMPLAINT,
                source=Source.CLIENT,
                concern=rng.choice(Concern.values),
                severity=Severity.MEDIUM,
                received_on=due - dt.timedelta(days=28),
                due_on=due,
                text=TAG,
                status=rng.choice(open_statuses),
                registered_by_id=handler_id,
            )
        )
    FeedbackItem.objects.bulk_create(items, batch_size=BATCH)
    plan, _ = FollowUpPlan.objects.get_or_create(
        year=today.year, committee=None, defaults={"status": PlanStatus.APPROVED}
    )
    FollowUpPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    controllers = list(User.objects.filter(role=Role.CONTROLLER).values_list("pk", flat=True))
    PlannedFollowUp.objects.bulk_create(
        [
            PlannedFollowUp(
                plan=plan,
                unit_id=rng.choice(units)[0],
                method=Method.SITE_VISIT,
                month=rng.randint(1, 12),
                responsible_id=rng.choice(controllers),
                rule=PlanRule.MANUAL,
                reason=TAG,
            )
            for _ in range(want["plan_rows"])
        ],
        batch_size=BATCH,
    )


def _clear_notifications() -> None:
    """Tonight's run starts from an empty outbox (raw deletes: no per-row collector)."""
    from insyn.notifications.models import Bounce, Notification, OutgoingMail

    for model in (Notification, OutgoingMail, Bounce):
        queryset = model.objects.all()
        queryset._raw_delete(queryset.db)


def nightly(ctx: BenchContext) -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from insyn.notifications import kinds, services
    from insyn.notifications.models import Notification

    _clear_notifications()
    today = timezone.localdate()
    # Reading: what passes tonight, one query per kind (plus the receivers, prefetched).
    with CaptureQueriesContext(connection) as reads:
        found = list(kinds.reminders(today))
    per_kind: dict[str, int] = {}
    for kind, _, _ in found:
        per_kind[kind.key] = per_kind.get(kind.key, 0) + 1
    reminder_kinds = [k for k in kinds.KINDS.values() if k.reminder]
    spread = ", ".join(f"{key.split('.')[1]} {n}" for key, n in sorted(per_kind.items()))
    limit = 3 * len(reminder_kinds)  # a query per kind and its prefetches
    results = [
        Result(
            "nightly reminders: reading queries",
            goal=f"constant (≤ {limit})",
            note=f"{len(reads)} queries for {len(found)} reminders of {len(per_kind)} kinds "
            f"({spread})",
            ok=len(reads) <= limit,
        )
    ]
    reverse("home")  # load the URL conf first: a running worker has it (~4 s here)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as writes:
        raised = services.send_reminders(today)
    elapsed = (time.perf_counter() - started) * 1000
    written = Notification.objects.count()
    results.append(
        Result(
            "nightly reminder run (send_reminders)",
            median_ms=elapsed,
            goal="< 60 s",
            note=f"{raised} notices → {written} notifications, {len(writes)} queries",
            ok=elapsed < NIGHTLY_GOAL_MS,
        )
    )
    started = time.perf_counter()
    services.send_reminders(today)
    again = (time.perf_counter() - started) * 1000
    results.append(
        Result(
            "nightly reminder run again the same night",
            median_ms=again,
            goal="writes nothing",
            note=f"{Notification.objects.count() - written} new notifications",
            ok=Notification.objects.count() == written,
        )
    )
    return results


def header_count(ctx: BenchContext) -> list[Result]:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from insyn.followup.models import Deficiency
    from insyn.notifications.models import Notification
    from insyn.notifications.queries import UNREAD_WINDOW, unread_count

    user = ctx.user("provider")
    deficiency = Deficiency.objects.filter(description=TAG).first()
    have = Notification.objects.filter(recipient=user).count()
    if deficiency and have < HEADER_NOTIFICATIONS:
        content_type = ContentType.objects.get_for_model(Deficiency)
        start = dt.date(2000, 1, 1)
        now = timezone.now()
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind="followup.action_plan_due",
                    content_type=content_type,
                    object_id=deficiency.pk,
                    occurred_on=start + dt.timedelta(days=i),
                    subject="Påminnelse: handlingsplan",
                    text="",
                    link="/",
                    delivery="none",
                    read_at=None if i % 3 == 0 else now,
                )
                for i in range(HEADER_NOTIFICATIONS)
            ],
            batch_size=BATCH,
        )
        ctx.analyze()
    with CaptureQueriesContext(connection) as captured:
        count = unread_count(user)
    # Read now: every request of `measure` below empties Django's query log.
    queries = len(captured)
    results = [
        ctx.measure(
            "header unread count /aviseringar/antal/",
            "/aviseringar/antal/",
            role="provider",
            goal_ms=UNREAD_GOAL_MS,
        ),
        # The unread rows (newest UNREAD_WINDOW), their deficiencies, the scope: the same
        # permission filter as the list, a bounded number of queries.
        Result(
            "header unread count: queries",
            goal="≤ 3",
            note=f"{queries} queries, {count} visible unread (newest {UNREAD_WINDOW}) of "
            f"{Notification.objects.filter(recipient=user).count()}",
            ok=queries <= 3,
        ),
    ]
    return results


class _Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _start_sink():
    from aiosmtpd.smtp import SMTP

    sink, loop, holder = _Sink(), asyncio.new_event_loop(), {}
    started = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(
            loop.create_server(lambda: SMTP(sink), host="127.0.0.1", port=0)
        )
        holder["port"] = server.sockets[0].getsockname()[1]
        started.set()
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the SMTP sink did not start")

    def stop():
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    return sink, holder["port"], stop


def _queue_mails(n: int) -> None:
    """n pending mails, each with its notification, to the bench's provider users about a
    deficiency of their own provider (so each is visible and sent)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from insyn.accounts.models import User
    from insyn.followup.models import Deficiency
    from insyn.notifications.models import Notification, OutgoingMail

    by_provider = {}
    for pk, provider_id in Deficiency.objects.filter(description=TAG).values_list(
        "pk", "unit__provider_id"
    ):
        by_provider.setdefault(provider_id, pk)
    receivers = [
        (user_id, by_provider[provider_id])
        for user_id, provider_id in User.objects.filter(
            username__startswith="bench-utforare-", provider_id__in=list(by_provider)
        ).values_list("pk", "provider_id")
    ]
    content_type = ContentType.objects.get_for_model(Deficiency)
    now = timezone.now()
    start = dt.date(2001, 1, 1)
    for offset in range(0, n, BATCH):
        chunk = range(offset, min(n, offset + BATCH))
        mails = OutgoingMail.objects.bulk_create(
            [
                OutgoingMail(
                    recipient_id=receivers[i % len(receivers)][0],
                    kind="followup.action_plan_requested",
                    subject="Handlingsplan begärd",
                    next_attempt_at=now,
                )
                for i in chunk
            ]
        )
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=mail.recipient_id,
                    kind="followup.action_plan_requested",
                    content_type=content_type,
                    object_id=receivers[i % len(receivers)][1],
                    occurred_on=start + dt.timedelta(days=i),
                    subject="Handlingsplan begärd – bench",
                    text="Kommunen har registrerat en brist. Lämna en handlingsplan.",
                    link="/portal/",
                    delivery="immediate",
                    mail=mail,
                )
                for i, mail in zip(chunk, mails, strict=True)
            ]
        )


def outbox(ctx: BenchContext) -> list[Result]:
    from django.conf import settings

    from insyn.notifications import sending

    _clear_notifications()
    n = ctx.size(FULL_MAILS)
    _queue_mails(n)
    ctx.analyze()
    sink, port, stop = _start_sink()
    saved = {
        name: getattr(settings, name)
        for name in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL")
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        started = time.perf_counter()
        counts = sending.drain(limit=n)
        elapsed = time.perf_counter() - started
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)
        stop()
    rate = n / elapsed if elapsed else 0.0
    return [
        Result(
            f"outbox drain: {n} mails to a local SMTP sink, one worker",
            median_ms=elapsed * 1000,
            goal=f"> {MAILS_PER_SECOND_GOAL} mails/s",
            note=f"{rate:.0f} mails/s (goal {MAILS_PER_SECOND_GOAL}); {counts}; "
            f"the sink received {sink.count}",
            ok=rate > MAILS_PER_SECOND_GOAL and counts.get("sent") == n == sink.count,
        )
    ]


def run(ctx: BenchContext) -> list[Result]:
    sizes = fill(ctx)
    ctx.log(f"notifications: data set {sizes}")
    results = nightly(ctx)
    results += header_count(ctx)
    results += outbox(ctx)
    _clear_notifications()
    return results

"""Demo notifications: the services the other apps' demo seeds call have already raised
their events; this adds the nightly reminders for ctx.today, a few preferences and the
municipality's settings, and marks the demo outbox as delivered (one as failed, to show
the administrator's view). Nothing is mailed to anybody."""

import datetime as dt

from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import OrgUnit, User
from insyn.followup import notices as followup_notices
from insyn.followup.constants import DeficiencyStatus
from insyn.followup.models import Deficiency

from .constants import Delivery, MailStatus, ReportKind
from .models import (
    CommitteeMeeting,
    Notification,
    NotificationSettings,
    OutgoingMail,
    Preference,
    ReportDate,
)
from .services import send_reminders


def seed(ctx):
    NotificationSettings.objects.update_or_create(
        pk=1,
        defaults={
            "digest_hour": 7,
            "mandatory_kinds": ["followup.action_plan_overdue", "feedback.past_target"],
        },
    )
    _year_calendar(ctx.today.year)
    reminders = send_reminders(ctx.today)
    # Deficiencies the demo seed wrote directly: tell their providers as the service would.
    demo_provider = User.objects.filter(username="utforare").values_list("provider", flat=True)
    open_deficiencies = Deficiency.objects.filter(status=DeficiencyStatus.OPEN).select_related(
        "unit__provider"
    )
    for deficiency in [
        *open_deficiencies.filter(unit__provider__in=demo_provider)[:3],
        *open_deficiencies.order_by("deadline")[:10],
    ]:
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    # The controller in the demo gets plan news once a day; the coordinator no rating mail.
    for username, kind, delivery in (
        ("controller", "followup.action_plan_submitted", Delivery.DIGEST),
        ("controller", "followup.planned_this_month", Delivery.DIGEST),
        ("samordnare", "ratings.rating_reminder", Delivery.NONE),
    ):
        user = User.objects.filter(username=username).first()
        if user:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
    # Older notifications have been read; the outbox was delivered in the past.
    now = timezone.now()
    old = Notification.objects.order_by("pk")
    read = [n.pk for i, n in enumerate(old) if ctx.rng.random() < 0.6]
    Notification.objects.filter(pk__in=read).update(read_at=now)
    for mail in OutgoingMail.objects.filter(status=MailStatus.PENDING).select_related("recipient"):
        mail.status, mail.sent_at, mail.to_email = MailStatus.SENT, now, mail.recipient.email
        mail.subject = mail.subject or "Insyn: daglig sammanfattning"
        mail.attempts = 1
        mail.save()
    provider_mail = (
        OutgoingMail.objects.filter(recipient__role=Role.PROVIDER).order_by("pk").first()
    )
    if provider_mail:
        provider_mail.status = MailStatus.FAILED
        provider_mail.attempts = 4
        provider_mail.last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
        provider_mail.sent_at = None
        provider_mail.next_attempt_at = now - dt.timedelta(hours=1)
        provider_mail.save()
    ctx.log(
        f"notifications: {Notification.objects.count()} aviseringar "
        f"({reminders} påminnelser), {OutgoingMail.objects.count()} utskick"
    )


def _year_calendar(year):
    """The årshjul's fixed dates: the annual report with the year-end accounts (February),
    the council report on strategic contracts (March), the tertial reports, and each
    committee's meetings (second Thursday of most months)."""
    for report, report_year, day in (
        (ReportKind.ANNUAL, year - 1, dt.date(year, 2, 13)),
        (ReportKind.COUNCIL, year - 1, dt.date(year, 3, 31)),
        (ReportKind.TERTIAL, year, dt.date(year, 5, 15)),
        (ReportKind.TERTIAL, year, dt.date(year, 9, 15)),
        (ReportKind.ANNUAL, year, dt.date(year + 1, 2, 12)),
    ):
        ReportDate.objects.get_or_create(report=report, year=report_year, date=day, committee=None)
    for committee in OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE):
        for month in (2, 3, 4, 5, 6, 9, 10, 11, 12):
            first = dt.date(year, month, 1)
            thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7)
            CommitteeMeeting.objects.get_or_create(committee=committee, date=thursday)

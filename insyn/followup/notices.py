"""The follow-up loop's notification kinds (docs/notifications.md) and its nightly reminders.

Events are raised by `services.py` inside their transaction (`KIND.send(target)`); the dates
that pass are found by `reminders(today)`, which the notifications app's nightly job calls.
Contexts hold unit names and dates only: never deficiency texts or answers.
"""

import datetime as dt
from functools import partial

from django.urls import reverse

from insyn.accounts.models import User
from insyn.core.notices import Kind

from .constants import DeficiencyStatus, FollowUpStatus, PlanStatus
from .models import ActionPlan, Deficiency, FollowUp, PlannedFollowUp

# How many days before a deadline the "due soon" reminder goes out.
DUE_SOON_DAYS = 7
# Overdue reminders look back this far (older ones were told already).
OVERDUE_WINDOW_DAYS = 30


def _provider_users(unit):
    return [u for u in unit.provider.users.all() if u.is_active]


def _unit_of(target):
    if isinstance(target, ActionPlan):
        return target.deficiency.unit
    return target.unit


def _deficiency_link(target, user):
    deficiency = target.deficiency if isinstance(target, ActionPlan) else target
    if user.is_provider_user:
        return reverse("followup_portal:deficiency", args=[deficiency.pk])
    return reverse("followup:deficiency_detail", args=[deficiency.pk])


def _self_report_link(followup, user):
    if user.is_provider_user:
        return reverse("followup_portal:self_report", args=[followup.pk])
    return reverse("followup:followup_detail", args=[followup.pk])


def _report_link(followup, user):
    if user.is_provider_user:
        return reverse("followup_portal:report", args=[followup.pk])
    return reverse("followup:report", args=[followup.pk])


def _report_pdf_link(followup, user):
    if user.is_provider_user:
        return reverse("followup_portal:report_pdf", args=[followup.pk])
    return reverse("followup:report_pdf", args=[followup.pk])


def _unit_context(target):
    return {"unit": _unit_of(target).name}


def _followup_context(followup):
    return {
        "unit": followup.unit.name,
        "deadline": f"{followup.deadline:%Y-%m-%d}" if followup.deadline else "",
    }


def _deficiency_context(target):
    deficiency = target.deficiency if isinstance(target, ActionPlan) else target
    return {"unit": deficiency.unit.name, "deadline": f"{deficiency.deadline:%Y-%m-%d}"}


def _responsible_or_controllers(plan):
    responsible = plan.deficiency.followup.responsible
    if responsible is not None and responsible.is_active:
        return [responsible]
    return list(User.controllers())


def _plan_context(plan):
    return {"year": plan.year, "committee": plan.committee.name if plan.committee else "kommunen"}


# What the kinds about one thing share: who is told, the link, the context, the permission.
_about_self_report = partial(
    Kind,
    related=("unit",),
    recipients=lambda f: _provider_users(f.unit),
    link=_self_report_link,
    context=_followup_context,
    permission="followup.view_followup",
    audience="utförare",
)
_about_action_plan_deadline = partial(
    Kind,
    related=("unit",),
    recipients=lambda d: _provider_users(d.unit),
    link=_deficiency_link,
    context=_deficiency_context,
    permission="followup.view_deficiency",
    audience="utförare",
)
_about_action_plan_answer = partial(
    Kind,
    related=("deficiency__unit",),
    recipients=lambda p: _provider_users(p.deficiency.unit),
    link=_deficiency_link,
    context=_unit_context,
    permission="followup.view_deficiency",
    audience="utförare",
)


SELF_REPORT_SENT = _about_self_report(
    key="followup.self_report_sent",
    label="Egenrapport att besvara",
    subject="Egenrapport att besvara – {unit}",
    text="Kommunen har skickat en egenrapport om {unit}. Svara senast {deadline}.",
)
SELF_REPORT_DUE = _about_self_report(
    key="followup.self_report_due",
    label="Egenrapport snart sista svarsdag",
    subject="Påminnelse: egenrapport – {unit}",
    text="Egenrapporten om {unit} ska vara besvarad senast {deadline}.",
    reminder=True,
)
SELF_REPORT_OVERDUE = _about_self_report(
    key="followup.self_report_overdue",
    label="Egenrapport försenad",
    subject="Försenad egenrapport – {unit}",
    text="Sista svarsdag för egenrapporten om {unit} var {deadline}. Kontakta kommunen.",
    reminder=True,
)
ACTION_PLAN_REQUESTED = _about_action_plan_deadline(
    key="followup.action_plan_requested",
    label="Handlingsplan begärd",
    subject="Handlingsplan begärd – {unit}",
    text="Kommunen har registrerat en brist hos {unit}. Lämna en handlingsplan senast {deadline}.",
)
ACTION_PLAN_DUE = _about_action_plan_deadline(
    key="followup.action_plan_due",
    label="Handlingsplan snart sista dag",
    subject="Påminnelse: handlingsplan – {unit}",
    text="En handlingsplan för en brist hos {unit} ska lämnas senast {deadline}.",
    reminder=True,
)
ACTION_PLAN_OVERDUE = _about_action_plan_deadline(
    key="followup.action_plan_overdue",
    label="Handlingsplan försenad",
    subject="Försenad handlingsplan – {unit}",
    text="Handlingsplanen för en brist hos {unit} skulle ha lämnats senast {deadline}.",
    reminder=True,
)
ACTION_PLAN_RETURNED = _about_action_plan_answer(
    key="followup.action_plan_returned",
    label="Handlingsplan återsänd",
    subject="Handlingsplanen behöver kompletteras – {unit}",
    text="Kommunen har återsänt handlingsplanen för en brist hos {unit}. Läs kommentaren "
    "och lämna en ny plan.",
)
ACTION_PLAN_ACCEPTED = _about_action_plan_answer(
    key="followup.action_plan_accepted",
    label="Handlingsplan godkänd",
    subject="Handlingsplanen är godkänd – {unit}",
    text="Kommunen har godkänt handlingsplanen för en brist hos {unit}. Genomför åtgärderna.",
)
ACTION_PLAN_SUBMITTED = Kind(
    related=("deficiency__unit",),
    key="followup.action_plan_submitted",
    label="Handlingsplan inlämnad",
    subject="Ny handlingsplan att bedöma – {unit}",
    text="{unit} har lämnat en handlingsplan för en brist. Bedöm den i Insyn.",
    recipients=_responsible_or_controllers,
    link=_deficiency_link,
    context=_unit_context,
    permission="followup.change_deficiency",
)
REPORT_SENT = Kind(
    related=("unit",),
    key="followup.report_sent",
    label="Uppföljningsrapport skickad",
    subject="Uppföljningsrapport – {unit}",
    text="Kommunen har skickat uppföljningsrapporten för {unit}. Rapporten som PDF: {pdf}",
    recipients=lambda f: _provider_users(f.unit),
    link=_report_link,
    context=lambda f: {"unit": f.unit.name},
    permission="followup.view_followup",
    audience="utförare",
    extra={"pdf": _report_pdf_link},
)
FOLLOWUPS_THIS_MONTH = Kind(
    key="followup.planned_this_month",
    label="Planerad uppföljning denna månad",
    subject="Planerad uppföljning i månaden – {unit}",
    text="Enligt uppföljningsplanen {year} ska {unit} följas upp den här månaden.",
    recipients=lambda row: [row.responsible] if row.responsible else [],
    link=lambda row, user: reverse("followup:plan_detail", args=[row.plan_id]) + f"#row-{row.pk}",
    context=lambda row: {"unit": row.unit.name, "year": row.plan.year},
    permission="followup.view_plan",
    reminder=True,
)
FOLLOWUP_OVERDUE = Kind(
    key="followup.planned_overdue",
    label="Planerad uppföljning försenad",
    subject="Försenad uppföljning – {unit}",
    text="Uppföljningen av {unit} var planerad till månad {month} {year} och är inte startad.",
    recipients=lambda row: [row.responsible] if row.responsible else [],
    link=lambda row, user: reverse("followup:plan_detail", args=[row.plan_id]) + f"#row-{row.pk}",
    context=lambda row: {"unit": row.unit.name, "year": row.plan.year, "month": row.month},
    permission="followup.view_plan",
    reminder=True,
)
PLAN_WAITING = Kind(
    key="followup.plan_waiting",
    label="Uppföljningsplan väntar på beslut",
    subject="Uppföljningsplan {year} väntar på beslut",
    text="Uppföljningsplanen {year} för {committee} är framtagen och väntar på beslut.",
    # Those who may approve it (`rules.decides_plan`): the committee's managers and delegates.
    recipients=lambda plan: User.deciding_for(plan.committee_id),
    link=lambda plan, user: reverse("followup:plan_detail", args=[plan.pk]),
    context=_plan_context,
    permission="followup.approve_plan",
)
PLAN_APPROVED = Kind(
    key="followup.plan_approved",
    label="Uppföljningsplan beslutad",
    subject="Uppföljningsplan {year} är beslutad",
    text="Uppföljningsplanen {year} för {committee} är beslutad. Planerade uppföljningar kan "
    "startas.",
    recipients=lambda plan: User.controllers(),
    link=lambda plan, user: reverse("followup:plan_detail", args=[plan.pk]),
    context=_plan_context,
    permission="followup.view_plan",
)

KINDS = (
    SELF_REPORT_SENT,
    SELF_REPORT_DUE,
    SELF_REPORT_OVERDUE,
    ACTION_PLAN_REQUESTED,
    ACTION_PLAN_DUE,
    ACTION_PLAN_OVERDUE,
    ACTION_PLAN_RETURNED,
    ACTION_PLAN_ACCEPTED,
    ACTION_PLAN_SUBMITTED,
    REPORT_SENT,
    FOLLOWUPS_THIS_MONTH,
    FOLLOWUP_OVERDUE,
    PLAN_WAITING,
    PLAN_APPROVED,
)


def reminders(today: dt.date):
    """(kind, target, due) for every date that passes `today`; one query per kind.

    Example, today 2026-03-10: a self-report sent with deadline 2026-03-17 gives
    (SELF_REPORT_DUE, followup, 2026-03-17); one with deadline 2026-03-09 still unanswered
    gives (SELF_REPORT_OVERDUE, followup, 2026-03-09). The due date is part of the
    notification's identity, so the run on 2026-03-11 tells nobody again."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    window = today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    reports = FollowUp.objects.filter(status=FollowUpStatus.SENT).select_related("unit__provider")
    reports = reports.prefetch_related("unit__provider__users")
    for followup in reports.filter(deadline__gt=today, deadline__lte=soon):
        yield SELF_REPORT_DUE, followup, followup.deadline
    for followup in reports.filter(deadline__lt=today, deadline__gte=window):
        yield SELF_REPORT_OVERDUE, followup, followup.deadline
    # Only those the provider can see: of finished follow-ups (`queries.deficiencies_for`).
    open_deficiencies = (
        Deficiency.objects.filter(
            status=DeficiencyStatus.OPEN, followup__status=FollowUpStatus.DONE
        )
        .select_related("unit__provider")
        .prefetch_related("unit__provider__users")
    )
    for deficiency in open_deficiencies.filter(deadline__gt=today, deadline__lte=soon):
        yield ACTION_PLAN_DUE, deficiency, deficiency.deadline
    for deficiency in open_deficiencies.filter(deadline__lt=today, deadline__gte=window):
        yield ACTION_PLAN_OVERDUE, deficiency, deficiency.deadline
    month_start = today.replace(day=1)
    rows = PlannedFollowUp.objects.filter(
        plan__status=PlanStatus.APPROVED,
        plan__year=today.year,
        followup__isnull=True,
        responsible__isnull=False,
    ).select_related("unit", "plan", "responsible")
    for row in rows.filter(month=today.month):
        yield FOLLOWUPS_THIS_MONTH, row, month_start
    for row in rows.filter(month__lt=today.month):
        yield FOLLOWUP_OVERDUE, row, month_start

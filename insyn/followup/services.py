"""Writes for follow-up. Each entry point is one transaction with the actor set for history;
refusals raise DomainError with a Swedish message and change nothing."""

import datetime as dt

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from insyn.accounts.constants import Role
from insyn.accounts.predicates import is_provider_user
from insyn.core.concurrency import save_form_if_current
from insyn.core.files import delete_on_commit
from insyn.core.history import log_action
from insyn.questionnaires.answers import assess, clean_value, display
from insyn.questionnaires.constants import Method
from insyn.questionnaires.models import Template

from . import conf, workflow
from .constants import (
    ActionPlanStatus,
    Assessment,
    DeficiencyStatus,
    FollowUpStatus,
    PlanRule,
    PlanStatus,
)
from .log_actions import deficiency_label
from .models import (
    ActionPlan,
    Answer,
    Deficiency,
    Finding,
    FollowUp,
    FollowUpPlan,
    PlannedFollowUp,
    ReportDispatch,
    UnitRiskFlag,
)
from .workflow import DomainError

CONCURRENT_EDIT_MESSAGE = (
    "Någon annan har sparat uppföljningen efter att du öppnade den. Dina ändringar är inte "
    "sparade. Ladda om sidan, kontrollera de nya svaren och gör dina ändringar igen."
)


class ConcurrentEditError(DomainError):
    pass


def _today():
    return timezone.localdate()


def _ensure_active_unit(unit):
    if not unit.active or unit.deleted_at is not None:
        raise DomainError(
            f"Verksamheten {unit.name} är avslutad. Det går inte att planera eller starta en "
            "uppföljning av en avslutad verksamhet."
        )


# --- Annual plan --------------------------------------------------------------------------


def _plan_for_unit(unit, year, user) -> FollowUpPlan:
    """The plan an event-driven row goes to: one that already lists the unit this year, else
    the municipality-wide plan for the year (created if missing)."""
    existing = FollowUpPlan.objects.filter(year=year, rows__unit=unit).order_by("pk").first()
    if existing:
        return existing
    plan, _ = FollowUpPlan.objects.get_or_create(
        year=year, committee=None, defaults={"created_by": user}
    )
    return plan


@transaction.atomic
def add_event_driven_followup(
    unit, reason, user, source_label="", method=Method.SITE_VISIT
) -> PlannedFollowUp:
    """Add an event-driven follow-up (e.g. after serious feedback) to this year's plan, even
    an approved one; the row is marked as event-driven. Integration point for feedback and
    placement: `add_event_driven_followup(unit, reason, user, source_label="")`."""
    _ensure_active_unit(unit)
    today = _today()
    with set_actor(user):
        plan = _plan_for_unit(unit, today.year, user)
        text = f"{source_label}: {reason}" if source_label else reason
        row = PlannedFollowUp.objects.create(
            plan=plan,
            unit=unit,
            method=method,
            month=today.month,
            responsible=user if getattr(user, "role", None) == Role.CONTROLLER else None,
            rule=PlanRule.EVENT,
            reason=text[:500],
            event_driven=True,
            added_after_approval=plan.is_approved,
        )
        log_action(plan, "insyn.followup.plan.event_driven_added", user, {"unit": unit.name})
    return row


@transaction.atomic
def create_plan(year, committee, user) -> FollowUpPlan:
    from . import planning

    if FollowUpPlan.objects.filter(year=year, committee=committee).exists():
        raise DomainError(
            f"Det finns redan en uppföljningsplan för {year}"
            + (f" för {committee}." if committee else " för hela kommunen.")
            + " Öppna den i stället."
        )
    proposals = planning.propose(year, committee=committee)
    with set_actor(user):
        plan = FollowUpPlan.objects.create(year=year, committee=committee, created_by=user)
        PlannedFollowUp.objects.bulk_create(
            PlannedFollowUp(
                plan=plan,
                unit_id=p.unit_id,
                contract_id=p.contract_id,
                method=p.method,
                month=p.month,
                responsible_id=p.responsible_id,
                rule=p.rule,
                reason=p.reason,
                score=p.score,
            )
            for p in proposals
        )
        log_action(plan, "insyn.followup.plan.created", user, {"rows": len(proposals)})
    return plan


@transaction.atomic
def approve_plan(plan, user) -> FollowUpPlan:
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(
            f"Planen är redan beslutad ({plan.approved_at:%Y-%m-%d} av {plan.approved_by}). "
            "Den kan inte beslutas igen."
        )
    workflow.check("plan", plan.status, PlanStatus.APPROVED)
    now = timezone.now()
    # Conditional update: two managers clicking at once cannot both approve.
    updated = FollowUpPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED, approved_by=user, approved_at=now
    )
    if not updated:
        raise DomainError("Planen har redan beslutats av någon annan. Ladda om sidan.")
    with set_actor(user):
        plan.refresh_from_db()
        plan.save(update_fields=["updated_at"])  # writes the history entry with the actor
        log_action(plan, "insyn.followup.plan.approved", user)
    return plan


def _ensure_draft(plan):
    if plan.is_approved:
        raise DomainError(
            "Planen är beslutad och kan inte längre ändras. Händelsestyrda uppföljningar "
            "läggs till från verksamhetens sida."
        )


@transaction.atomic
def add_plan_row(plan, form, user) -> PlannedFollowUp:
    _ensure_draft(plan)
    row = form.save(commit=False)
    _ensure_active_unit(row.unit)
    row.plan = plan
    row.rule = PlanRule.MANUAL
    with set_actor(user):
        row.save()
    return row


@transaction.atomic
def update_plan_row(row, form, user) -> PlannedFollowUp:
    _ensure_draft(row.plan)
    with set_actor(user):
        return save_form_if_current(form, form.save)


@transaction.atomic
def remove_plan_row(row, user) -> None:
    _ensure_draft(row.plan)
    with set_actor(user):
        row.delete()


# --- Follow-ups ---------------------------------------------------------------------------


def current_template(method) -> Template:
    template = Template.objects.filter(method=method, is_current=True).order_by("name").first()
    if template is None:
        raise DomainError(
            f"Det finns ingen gällande mall för metoden {Method(method).label}. "
            "Be en systemförvaltare lägga upp en mall."
        )
    return template


@transaction.atomic
def start_followup(
    unit, method, user, *, planned=None, contract=None, reason="", event_driven=False
) -> FollowUp:
    _ensure_active_unit(unit)
    if planned is not None and FollowUp.objects.filter(planned=planned).exists():
        raise DomainError("Uppföljningen för den här planraden är redan startad.")
    template = current_template(method)
    with set_actor(user):
        followup = FollowUp.objects.create(
            unit=unit,
            contract=contract or (planned.contract if planned else None),
            planned=planned,
            template=template,
            method=method,
            event_driven=event_driven or bool(planned and planned.event_driven),
            reason=reason or (planned.reason if planned else ""),
            responsible=user,
        )
        log_action(followup, "insyn.followup.followup.started", user)
    return followup


def editable_by(followup, user) -> bool:
    if is_provider_user(user):
        return followup.status == FollowUpStatus.SENT
    return followup.status in {FollowUpStatus.DRAFT, FollowUpStatus.SUBMITTED}


def _bump_version(followup, expected_version):
    """Optimistic lock: only the editor who saw the current version may save."""
    updated = FollowUp.objects.filter(pk=followup.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConcurrentEditError(CONCURRENT_EDIT_MESSAGE)
    followup.version = expected_version + 1


@transaction.atomic
def save_answers(followup, answers, expected_version, user, details=None) -> FollowUp:
    """Store answers {question_id: {"value", "comment", "file"}} and, for the controller,
    the visit details. Raises ConcurrentEditError when someone saved in between."""
    if not editable_by(followup, user):
        raise DomainError(
            f"Uppföljningen har status ”{followup.get_status_display()}” och kan inte ändras."
        )
    questions = {q.pk: q for q in followup.template.questions.all()}
    cleaned = {}
    for qid, data in answers.items():
        question = questions.get(int(qid))
        if question is None:
            raise DomainError("Svaret hör till en fråga som inte finns i uppföljningens mall.")
        cleaned[question.pk] = (clean_value(question, data.get("value")), data)
    _bump_version(followup, expected_version)
    existing = {a.question_id: a for a in followup.answers.all()}
    with set_actor(user):
        for qid, (value, data) in cleaned.items():
            answer = existing.get(qid) or Answer(followup=followup, question_id=qid)
            answer.value = value
            answer.comment = data.get("comment", "") or ""
            if data.get("file"):
                delete_on_commit(answer.file)  # the replaced file goes; no orphan on disk
                answer.file = data["file"]
            answer.save()
        if details:
            for field, val in details.items():
                setattr(followup, field, val)
            followup.save(update_fields=[*details.keys(), "updated_at"])
    return followup


def _diary_number(followup) -> str:
    return f"UPF-{(followup.performed_on or _today()).year}-{followup.pk:05d}"


@transaction.atomic
def finish_followup(followup, user) -> FollowUp:
    """Close the follow-up: each answered question becomes a finding; a "not met" answer to
    a question marked so becomes a deficiency with a deadline for the action plan."""
    workflow.check("followup", followup.status, FollowUpStatus.DONE)
    today = _today()
    days = conf.get("ACTION_PLAN_DAYS")
    findings = deficiencies = 0
    with set_actor(user):
        for answer in followup.answers.select_related("question", "question__requirement"):
            question = answer.question
            result = assess(question, answer.value, bool(answer.file))
            if result is None:
                continue
            finding = Finding.objects.create(
                followup=followup,
                question=question,
                requirement=question.requirement,
                assessment=result,
                # The answer as the report shows it ("Ja", "7,5"), never the stored code.
                text=f"{question.text} – {display(question, answer.value) or 'bilaga'}"[:1000]
                + (f" ({answer.comment})" if answer.comment else "")[:400],
            )
            findings += 1
            if result == Assessment.NOT_MET and question.creates_deficiency:
                deficiencies += 1
                Deficiency.objects.create(
                    followup=followup,
                    unit=followup.unit,
                    finding=finding,
                    requirement=question.requirement,
                    description=f"Kravet är inte uppfyllt: {question.text}"[:1000],
                    required_action=answer.comment[:1000],
                    deadline=today + dt.timedelta(days=days),
                )
        followup.status = FollowUpStatus.DONE
        followup.finished_at = timezone.now()
        followup.performed_on = followup.performed_on or today
        followup.diary_number = followup.diary_number or _diary_number(followup)
        followup.version = F("version") + 1
        followup.save()
        followup.refresh_from_db()
        log_action(
            followup,
            "insyn.followup.followup.finished",
            user,
            {
                "diary_number": followup.diary_number,
                "findings": findings,
                "deficiencies": deficiencies,
            },
        )
    return followup


@transaction.atomic
def send_self_report(followup, deadline, user) -> FollowUp:
    if not followup.is_self_report:
        raise DomainError("Bara egenrapporter kan skickas till utföraren.")
    if deadline <= _today():
        raise DomainError("Sista svarsdag måste vara efter dagens datum.")
    workflow.check("followup", followup.status, FollowUpStatus.SENT)
    with set_actor(user):
        followup.status = FollowUpStatus.SENT
        followup.deadline = deadline
        followup.save(update_fields=["status", "deadline", "updated_at"])
        log_action(
            followup,
            "insyn.followup.followup.self_report_sent",
            user,
            {"deadline": f"{deadline:%Y-%m-%d}"},
        )
    return followup


@transaction.atomic
def submit_self_report(followup, user) -> FollowUp:
    if followup.status in {FollowUpStatus.SUBMITTED, FollowUpStatus.DONE}:
        raise DomainError("Egenrapporten är redan inskickad. Den kan inte skickas in igen.")
    if followup.deadline and followup.deadline < _today():
        raise DomainError(
            f"Sista svarsdag var {followup.deadline:%Y-%m-%d}. Egenrapporten kan inte längre "
            "skickas in – kontakta kommunens uppföljare."
        )
    answered = {a.question_id for a in followup.answers.all() if a.value or a.file}
    missing = [
        q.text for q in followup.template.questions.all() if q.required and q.pk not in answered
    ]
    if missing:
        raise DomainError("Besvara de obligatoriska frågorna först: " + "; ".join(missing[:5]))
    workflow.check("followup", followup.status, FollowUpStatus.SUBMITTED)
    with set_actor(user):
        followup.status = FollowUpStatus.SUBMITTED
        followup.submitted_at = timezone.now()
        followup.submitted_by = user
        followup.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        log_action(followup, "insyn.followup.followup.self_report_submitted", user)
    return followup


@transaction.atomic
def return_self_report(followup, user) -> FollowUp:
    workflow.check("followup", followup.status, FollowUpStatus.SENT)
    with set_actor(user):
        followup.status = FollowUpStatus.SENT
        followup.save(update_fields=["status", "updated_at"])
        log_action(followup, "insyn.followup.followup.self_report_returned", user)
    return followup


@transaction.atomic
def send_report(followup, user) -> ReportDispatch:
    if not followup.is_done:
        raise DomainError("Rapporten kan skickas först när uppföljningen är avslutad.")
    with set_actor(user):
        dispatch = ReportDispatch.objects.create(followup=followup, sent_by=user)
        log_action(followup, "insyn.followup.report.sent", user)
    return dispatch


# --- Deficiencies and action plans ---------------------------------------------------------


@transaction.atomic
def add_deficiency(followup, form, user) -> Deficiency:
    deficiency = form.save(commit=False)
    deficiency.followup = followup
    deficiency.unit = followup.unit
    with set_actor(user):
        deficiency.save()
        log_action(
            deficiency,
            "insyn.followup.deficiency.added",
            user,
            label=deficiency_label(deficiency),
        )
    return deficiency


def _set_deficiency_status(deficiency, new):
    workflow.check("deficiency", deficiency.status, new)
    deficiency.status = new


@transaction.atomic
def submit_action_plan(deficiency, form, user) -> ActionPlan:
    deficiency = Deficiency.objects.select_for_update().get(pk=deficiency.pk)
    if deficiency.is_closed:
        raise DomainError("Bristen är redan åtgärdad och stängd. Ingen handlingsplan behövs.")
    if deficiency.status == DeficiencyStatus.PLAN_SUBMITTED:
        raise DomainError("En handlingsplan väntar redan på kommunens bedömning.")
    if deficiency.status == DeficiencyStatus.PLAN_ACCEPTED:
        raise DomainError("Handlingsplanen är redan godkänd. Genomför åtgärderna.")
    _set_deficiency_status(deficiency, DeficiencyStatus.PLAN_SUBMITTED)
    plan = form.save(commit=False)
    plan.deficiency = deficiency
    plan.submitted_by = user
    with set_actor(user):
        plan.save()
        deficiency.save(update_fields=["status", "updated_at"])
        log_action(
            deficiency,
            "insyn.followup.action_plan.submitted",
            user,
            label=deficiency_label(deficiency),
        )
    return plan


def _decide(plan, user, new_plan_status, new_deficiency_status, comment, action):
    workflow.check("action_plan", plan.status, new_plan_status)
    deficiency = plan.deficiency
    _set_deficiency_status(deficiency, new_deficiency_status)
    with set_actor(user):
        plan.status = new_plan_status
        plan.decided_by = user
        plan.decided_at = timezone.now()
        plan.decision_comment = comment or ""
        plan.save()
        deficiency.save(update_fields=["status", "updated_at"])
        log_action(deficiency, action, user, label=deficiency_label(deficiency))
    return plan


@transaction.atomic
def accept_action_plan(plan, user, comment="") -> ActionPlan:
    return _decide(
        plan,
        user,
        ActionPlanStatus.ACCEPTED,
        DeficiencyStatus.PLAN_ACCEPTED,
        comment,
        "insyn.followup.action_plan.accepted",
    )


@transaction.atomic
def return_action_plan(plan, user, comment="") -> ActionPlan:
    if not comment:
        raise DomainError("Skriv vad utföraren behöver komplettera när du återsänder planen.")
    return _decide(
        plan,
        user,
        ActionPlanStatus.RETURNED,
        DeficiencyStatus.OPEN,
        comment,
        "insyn.followup.action_plan.returned",
    )


@transaction.atomic
def mark_remedied(deficiency, user) -> Deficiency:
    _set_deficiency_status(deficiency, DeficiencyStatus.REMEDIED)
    with set_actor(user):
        deficiency.remedied_at = timezone.now()
        deficiency.remedied_by = user
        deficiency.save(update_fields=["status", "remedied_at", "remedied_by", "updated_at"])
        log_action(
            deficiency,
            "insyn.followup.deficiency.remedied",
            user,
            label=deficiency_label(deficiency),
        )
    return deficiency


# --- Risk ----------------------------------------------------------------------------------


@transaction.atomic
def set_risk_flag(unit, reason, user) -> UnitRiskFlag:
    if not reason.strip():
        raise DomainError("Ange varför verksamheten flaggas.")
    with set_actor(user):
        UnitRiskFlag.objects.filter(unit=unit, active=True).update(active=False)
        flag = UnitRiskFlag.objects.create(unit=unit, reason=reason.strip(), set_by=user)
        # The reason is free text and stays with the flag, not in the log.
        log_action(unit, "insyn.followup.risk_flag.set", user)
    return flag


@transaction.atomic
def clear_risk_flag(unit, user) -> None:
    with set_actor(user):
        cleared = 0
        for flag in UnitRiskFlag.objects.filter(unit=unit, active=True):
            flag.active = False
            flag.save(update_fields=["active", "updated_at"])
            cleared += 1
        if cleared:
            log_action(unit, "insyn.followup.risk_flag.cleared", user)

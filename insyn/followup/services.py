"""Writes for follow-up. Each entry point is one transaction with the actor set for history;
refusals raise DomainError with a Swedish message and change nothing."""

import datetime as dt
from dataclasses import dataclass

from auditlog.context import set_actor
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from insyn.accounts.constants import Role
from insyn.accounts.models import delegation_for
from insyn.accounts.predicates import CONTROLLER_ROLES, acts_for_committee, is_provider_user
from insyn.core.concurrency import save_form_if_current
from insyn.core.errors import DomainError
from insyn.core.files import delete_on_commit
from insyn.core.history import delete_in_bulk, log_action
from insyn.core.workflow import check
from insyn.questionnaires.answers import assess, clean_value, display
from insyn.questionnaires.constants import Method
from insyn.questionnaires.models import Template

from . import conf, notices, workflow
from .constants import (
    ActionPlanStatus,
    Assessment,
    DeficiencyStatus,
    FinishDecision,
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

    if not acts_for_committee(user, committee.pk if committee else None, CONTROLLER_ROLES):
        raise DomainError(
            "Du kan bara ta fram uppföljningsplaner för de nämnder du arbetar för, och inte för "
            f"{committee or 'hela kommunen'}. Välj en av dina nämnder."
        )
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
    notices.PLAN_WAITING.send(plan)
    return plan


@transaction.atomic
def approve_plan(plan, user, decision: dict | None = None) -> FollowUpPlan:
    """The committee's decision on the plan, recorded with its date, paragraph (§) and
    diary number (`decision`: keys date, paragraph, diary_number; the date defaults to
    today). With segregation of duties on, whoever created the proposal cannot decide it.

    Example: the manager of Socialnämnden Centrum decides the 2027 plan at the meeting of
    2026-12-10, § 87, dnr SN-2026/412: the plan is approved with those three values."""
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(
            f"Planen är redan beslutad ({plan.approved_at:%Y-%m-%d} av {plan.approved_by}). "
            "Den kan inte beslutas igen."
        )
    if settings.INSYN.get("SEGREGATION_OF_DUTIES") and plan.created_by_id == user.pk:
        raise DomainError(
            "Du tog själv fram förslaget till planen. Kommunen kräver att någon annan "
            "beslutar det (åtskillnad av uppgifter)."
        )
    check(workflow.PLAN, plan.status, PlanStatus.APPROVED)
    decision = decision or {}
    now = timezone.now()
    # Conditional update: two managers clicking at once cannot both approve.
    updated = FollowUpPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED,
        approved_by=user,
        approved_at=now,
        decision_date=decision.get("date") or timezone.localdate(),
        decision_paragraph=(decision.get("paragraph") or "").strip(),
        decision_diary_number=(decision.get("diary_number") or "").strip(),
        decision_delegation=delegation_for(user, plan.committee_id),
    )
    if not updated:
        raise DomainError("Planen har redan beslutats av någon annan. Ladda om sidan.")
    with set_actor(user):
        plan.refresh_from_db()
        plan.save(update_fields=["updated_at"])  # writes the history entry with the actor
        log_action(
            plan,
            "insyn.followup.plan.approved",
            user,
            {
                "paragraph": plan.decision_paragraph,
                "diary_number": plan.decision_diary_number,
                "delegation": plan.decision_delegation,
            },
        )
    notices.PLAN_APPROVED.send(plan)
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


@transaction.atomic
def remove_plan_rows(plan, user, rows=None) -> int:
    """Remove many rows of a draft plan at once (all of them when `rows` is None) as one
    event: one delete, one history entry on the plan with the count, not one per row
    (2,000 rows took minutes one by one). Returns how many rows went."""
    _ensure_draft(plan)
    queryset = plan.rows.all() if rows is None else rows.filter(plan=plan)
    return delete_in_bulk(queryset, plan, "insyn.followup.plan.rows_removed", user)


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


# --- Finishing: findings, and the deficiencies the controller confirmed ---------------------

FINISH_CHANGED_MESSAGE = (
    "Uppföljningen har ändrats sedan du öppnade sidan (någon har sparat svar eller registrerat "
    "en brist). Ingenting är avslutat. Kontrollera förslaget på nytt och bekräfta igen."
)


@dataclass(frozen=True)
class ProposedFinding:
    """A finding that finishing will record; `creates_deficiency` when it needs a decision."""

    answer: Answer
    assessment: str
    text: str
    creates_deficiency: bool
    suggested_merge: Deficiency | None = None

    @property
    def question(self):
        return self.answer.question

    @property
    def assessment_label(self) -> str:
        return Assessment(self.assessment).label


@dataclass(frozen=True)
class Decision:
    """The controller's choice for one proposed deficiency: create it, merge it into a
    deficiency registered by hand (`deficiency_id`), or drop it (`reason` is required)."""

    action: str
    deficiency_id: int | None = None
    reason: str = ""


def _finding_text(question, answer) -> str:
    text = (
        # The answer as the report shows it ("Ja", "7,5"), never the stored code.
        f"{question.text} – {display(question, answer.value) or 'bilaga'}"[:1000]
        + (f" ({answer.comment})" if answer.comment else "")[:400]
    )
    return text[:1000]  # the column's length; PostgreSQL would refuse more


def merge_candidates(followup) -> list[Deficiency]:
    """Deficiencies registered by hand on this follow-up that no finding owns yet."""
    return list(followup.deficiencies.filter(finding__isnull=True).order_by("pk"))


def finish_preview(followup, candidates=None) -> list[ProposedFinding]:
    """What finishing will record, in template order: one finding per answered question (yes
    = met, partly = partly, no = not met; scale ≤ 2 = not met; other types noted). A "not
    met" answer to a question marked *brist när kravet inte uppfylls* proposes a deficiency.
    Its suggested merge is the first hand-registered deficiency of the follow-up with the
    same contract requirement (each suggested once); otherwise a new deficiency is proposed.
    Stores nothing."""
    if candidates is None:
        candidates = merge_candidates(followup)
    free = [d for d in candidates if d.requirement_id]
    proposals = []
    answers = followup.answers.select_related("question", "question__requirement").order_by(
        "question__order", "question__pk"
    )
    for answer in answers:
        question = answer.question
        result = assess(question, answer.value, bool(answer.file))
        if result is None:
            continue
        creates = result == Assessment.NOT_MET and question.creates_deficiency
        suggested = None
        if creates and question.requirement_id:
            suggested = next((d for d in free if d.requirement_id == question.requirement_id), None)
            if suggested is not None:
                free.remove(suggested)
        proposals.append(
            ProposedFinding(answer, result, _finding_text(question, answer), creates, suggested)
        )
    return proposals


def _check_decisions(wanted, decisions, candidates) -> None:
    """Refuse, naming the question, unless every proposed deficiency has exactly one valid
    decision: merges go to distinct hand-registered deficiencies, drops carry a reason."""
    by_question = {p.question.pk: p for p in wanted}
    unknown = set(decisions) - set(by_question)
    if unknown:
        raise DomainError(
            "Beslutet gäller en fråga som inte ger någon brist vid avslutet. Ladda om sidan."
        )
    merged_into: dict[int, str] = {}
    for qid, proposal in by_question.items():
        text = proposal.question.text
        decision = decisions.get(qid)
        if decision is None or decision.action not in FinishDecision.values:
            raise DomainError(f"Välj vad som ska hända med iakttagelsen ”{text}”.")
        if decision.action == FinishDecision.MERGE:
            if decision.deficiency_id not in candidates:
                raise DomainError(
                    f"Bristen som ”{text}” skulle slås ihop med finns inte längre eller hör "
                    "redan till en annan iakttagelse. Ladda om sidan."
                )
            if decision.deficiency_id in merged_into:
                raise DomainError(
                    f"”{merged_into[decision.deficiency_id]}” och ”{text}” kan inte slås ihop "
                    "med samma brist. En brist hör till högst en iakttagelse."
                )
            merged_into[decision.deficiency_id] = text
        if decision.action == FinishDecision.DROP and not decision.reason.strip():
            raise DomainError(f"Skriv varför ingen brist ska registreras för ”{text}”.")


def _take_for_finish(followup, expected_version) -> None:
    """Raise the version before anything else, so two finishes (or a finish and a save of
    answers) cannot both win; with `expected_version`, only the version the page showed."""
    rows = FollowUp.objects.filter(pk=followup.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
        raise ConcurrentEditError(FINISH_CHANGED_MESSAGE)
    followup.refresh_from_db()


@transaction.atomic
def finish_followup(
    followup, user, decisions=None, *, expected_version=None, seen_deficiencies=None
) -> FollowUp:
    """Close the follow-up: each answered question becomes a finding (see `finish_preview`);
    each proposed deficiency is created, merged into a hand-registered one or dropped, as
    `decisions` ({question id: Decision}) say — all or nothing, never two deficiencies for
    one finding. Without decisions every proposal is created, which is refused when the
    follow-up has hand-registered deficiencies (one of them may be the same finding).

    `expected_version` and `seen_deficiencies` (ids of the hand-registered deficiencies the
    controller was shown) come from the confirmation page: if either changed since, nothing
    is done (ConcurrentEditError)."""
    _take_for_finish(followup, expected_version)
    check(workflow.FOLLOWUP, followup.status, FollowUpStatus.DONE)
    candidates = {d.pk: d for d in merge_candidates(followup)}
    if seen_deficiencies is not None and set(seen_deficiencies) != set(candidates):
        raise ConcurrentEditError(FINISH_CHANGED_MESSAGE)
    proposals = finish_preview(followup, list(candidates.values()))
    wanted = [p for p in proposals if p.creates_deficiency]
    if decisions is None:
        if wanted and candidates:
            raise DomainError(
                "Uppföljningen har brister som registrerats för hand. Välj för varje brist "
                "som avslutet föreslår om den ska registreras, slås ihop eller inte registreras."
            )
        decisions = {p.question.pk: Decision(FinishDecision.CREATE) for p in wanted}
    _check_decisions(wanted, decisions, candidates)
    today = _today()
    deadline = today + dt.timedelta(days=conf.get("ACTION_PLAN_DAYS"))
    with set_actor(user):
        for proposal in proposals:
            question = proposal.question
            decision = decisions.get(question.pk) if proposal.creates_deficiency else None
            dropped = decision is not None and decision.action == FinishDecision.DROP
            finding = Finding.objects.create(
                followup=followup,
                question=question,
                requirement=question.requirement,
                assessment=proposal.assessment,
                text=proposal.text,
                no_deficiency_reason=decision.reason.strip()[:300] if dropped else "",
            )
            if decision is None:
                continue
            if decision.action == FinishDecision.CREATE:
                Deficiency.objects.create(
                    followup=followup,
                    unit=followup.unit,
                    finding=finding,
                    requirement=question.requirement,
                    description=f"Kravet är inte uppfyllt: {question.text}"[:1000],
                    required_action=proposal.answer.comment[:1000],
                    deadline=deadline,
                )
            elif decision.action == FinishDecision.MERGE:
                deficiency = candidates[decision.deficiency_id]
                deficiency.finding = finding
                deficiency.requirement = deficiency.requirement or question.requirement
                deficiency.save(update_fields=["finding", "requirement", "updated_at"])
                log_action(
                    deficiency,
                    "insyn.followup.deficiency.merged",
                    user,
                    {"question": question.text[:200]},
                    label=deficiency_label(deficiency),
                )
            else:
                log_action(
                    followup,
                    "insyn.followup.followup.deficiency_dropped",
                    user,
                    {"question": question.text[:200]},
                )
        followup.status = FollowUpStatus.DONE
        followup.finished_at = timezone.now()
        followup.performed_on = followup.performed_on or today
        followup.diary_number = followup.diary_number or _diary_number(followup)
        followup.save(
            update_fields=["status", "finished_at", "performed_on", "diary_number", "updated_at"]
        )
        log_action(
            followup,
            "insyn.followup.followup.finished",
            user,
            {
                "diary_number": followup.diary_number,
                "findings": len(proposals),
                "deficiencies": followup.deficiencies.count(),
            },
        )
    _request_action_plans(followup)
    return followup


def _request_action_plans(followup) -> None:
    """Ask the provider for an action plan for each open deficiency of a finished follow-up:
    the provider sees a follow-up's deficiencies once it is finished
    (`queries.deficiencies_for`), so a request sent earlier would lead to a page it cannot
    open. Those registered by hand during the visit wait until here."""
    open_ones = (
        followup.deficiencies.filter(status=DeficiencyStatus.OPEN)
        .select_related("unit__provider")
        .prefetch_related("unit__provider__users")
        .order_by("pk")
    )
    for deficiency in open_ones:
        notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)


@transaction.atomic
def send_self_report(followup, deadline, user) -> FollowUp:
    if not followup.is_self_report:
        raise DomainError("Bara egenrapporter kan skickas till utföraren.")
    if deadline <= _today():
        raise DomainError("Sista svarsdag måste vara efter dagens datum.")
    check(workflow.FOLLOWUP, followup.status, FollowUpStatus.SENT)
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
    notices.SELF_REPORT_SENT.send(followup, due=deadline)
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
    check(workflow.FOLLOWUP, followup.status, FollowUpStatus.SUBMITTED)
    with set_actor(user):
        followup.status = FollowUpStatus.SUBMITTED
        followup.submitted_at = timezone.now()
        followup.submitted_by = user
        followup.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        log_action(followup, "insyn.followup.followup.self_report_submitted", user)
    return followup


@transaction.atomic
def return_self_report(followup, user) -> FollowUp:
    check(workflow.FOLLOWUP, followup.status, FollowUpStatus.SENT)
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
    notices.REPORT_SENT.send(followup)
    return dispatch


# --- Deficiencies and action plans ---------------------------------------------------------


def _ensure_deadline_not_past(deadline) -> None:
    if deadline < _today():
        raise DomainError(
            f"Handlingsplan senast: datumet {deadline:%Y-%m-%d} har redan passerat. Ange "
            "dagens datum eller ett senare."
        )


@transaction.atomic
def add_deficiency(followup, form, user) -> Deficiency:
    """Record a deficiency by hand, optionally linked to the finding it comes from (a
    finding has at most one deficiency: refused when it already has one)."""
    deficiency = form.save(commit=False)
    deficiency.followup = followup
    deficiency.unit = followup.unit
    _ensure_deadline_not_past(deficiency.deadline)
    if deficiency.finding_id is not None:
        own = Finding.objects.filter(pk=deficiency.finding_id, followup=followup).exists()
        if not own or Deficiency.objects.filter(finding=deficiency.finding_id).exists():
            raise DomainError(
                "Iakttagelsen har redan en brist. Rätta den bristen i stället för att "
                "registrera en till."
            )
    with set_actor(user):
        deficiency.save()
        log_action(
            deficiency,
            "insyn.followup.deficiency.added",
            user,
            label=deficiency_label(deficiency),
        )
    if followup.is_done:
        # During the visit the request waits for the finish (`_request_action_plans`).
        notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    return deficiency


# What a correction may change; the rest (status, links) follows the workflow.
CORRECTABLE_FIELDS = ("severity", "description", "required_action", "deadline")


@transaction.atomic
def correct_deficiency(deficiency, form, user) -> Deficiency:
    """Correct severity, description, required action or deadline of a deficiency that is
    not remedied, under the version the editor read (StaleEditError otherwise). A deadline
    moved before today is refused; an unchanged past deadline stays, so an overdue
    deficiency's text can be corrected without hiding that it is overdue."""
    current = Deficiency.objects.select_for_update().get(pk=deficiency.pk)
    if current.is_closed:
        raise DomainError("Bristen är åtgärdad och stängd. Den kan inte längre rättas.")
    changed = [name for name in CORRECTABLE_FIELDS if name in form.changed_data]
    if "deadline" in changed and form.instance.deadline != current.deadline:
        _ensure_deadline_not_past(form.instance.deadline)
    with set_actor(user):
        saved = save_form_if_current(form, lambda: form.save())
        if changed:
            log_action(
                saved,
                "insyn.followup.deficiency.corrected",
                user,
                {"fields": ", ".join(Deficiency._meta.get_field(n).verbose_name for n in changed)},
                label=deficiency_label(saved),
            )
    return saved


def _set_deficiency_status(deficiency, new):
    check(workflow.DEFICIENCY, deficiency.status, new)
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
    notices.ACTION_PLAN_SUBMITTED.send(plan)
    return plan


def _decide(plan, user, new_plan_status, new_deficiency_status, comment, action):
    check(workflow.ACTION_PLAN, plan.status, new_plan_status)
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
    plan = _decide(
        plan,
        user,
        ActionPlanStatus.ACCEPTED,
        DeficiencyStatus.PLAN_ACCEPTED,
        comment,
        "insyn.followup.action_plan.accepted",
    )
    notices.ACTION_PLAN_ACCEPTED.send(plan)
    return plan


@transaction.atomic
def return_action_plan(plan, user, comment="") -> ActionPlan:
    if not comment:
        raise DomainError("Skriv vad utföraren behöver komplettera när du återsänder planen.")
    plan = _decide(
        plan,
        user,
        ActionPlanStatus.RETURNED,
        DeficiencyStatus.OPEN,
        comment,
        "insyn.followup.action_plan.returned",
    )
    notices.ACTION_PLAN_RETURNED.send(plan)
    return plan


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


STRATEGIC_REASON_MISSING = "Skriv nämndens motivering till bedömningen (fältet Motivering)."


@transaction.atomic
def judge_strategic(contract, committee, strategic: bool, reason: str, user):
    """The committee's own judgement whether `contract` is strategic for its part; a new row
    each time (the history stays). The caller has checked `rules.judges_strategic_for`.

    Example: the value × impact proposal says "not strategic" for a small HVB contract;
    Socialnämnden Centrum judges it strategic "Enda HVB för ensamkommande i stadsdelen": the
    council report then lists it under Centrum with that reason."""
    from .models import StrategicJudgement

    reason = (reason or "").strip()
    if not reason:
        raise DomainError(STRATEGIC_REASON_MISSING)
    committee_id = committee.pk if committee is not None else None
    if committee_id is not None and committee_id not in contract.committee_ids():
        raise DomainError(
            f"{committee} har ingen del av avtalet {contract}. Lägg först till nämndens del."
        )
    with set_actor(user):
        judgement = StrategicJudgement.objects.create(
            contract=contract,
            committee=committee,
            strategic=strategic,
            reason=reason,
            decided_by=user,
            delegation=delegation_for(user, committee_id),
        )
        log_action(
            contract,
            "insyn.followup.strategic.judged",
            user,
            {
                "committee": str(committee or "Kommunen"),
                "verdict": "strategiskt" if strategic else "inte strategiskt",
                "reason": reason[:200],
            },
        )
    return judgement

"""Demo data for follow-up: several years of approved plans and finished follow-ups with
answers, findings, deficiencies and action plans; this year's plan, approved, part done;
self-reports out with the providers; two risk snapshot runs for the dashboard."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from insyn.accounts.constants import Role
from insyn.accounts.models import User
from insyn.questionnaires.answers import assess
from insyn.questionnaires.constants import AnswerType, Method
from insyn.questionnaires.defaults import load
from insyn.questionnaires.models import Question, Template
from insyn.registry.models import Unit

from . import planning, risk
from .constants import (
    ActionPlanStatus,
    Assessment,
    DeficiencyStatus,
    FollowUpStatus,
    PlanRule,
    PlanStatus,
    Severity,
)
from .models import (
    ActionPlan,
    Answer,
    Deficiency,
    Finding,
    FollowUp,
    FollowUpPlan,
    PlannedFollowUp,
    ReportDispatch,
    RiskSnapshot,
)

HISTORY_YEARS = 5


def _users(ctx, role):
    shared = ctx.shared.get("users_by_role", {}).get(role)
    if shared:
        return list(shared)
    return list(User.objects.filter(role=role, is_active=True).order_by("pk"))


def _answer_value(rng, question, quality):
    """A plausible answer; units of poor 'quality' fail more often."""
    if question.answer_type == AnswerType.YES_NO_PARTLY:
        roll = rng.random()
        return "no" if roll < 0.04 * quality else "partly" if roll < 0.1 * quality else "yes"
    if question.answer_type == AnswerType.SCALE:
        return str(max(1, min(5, 5 - rng.randint(0, quality))))
    if question.answer_type == AnswerType.NUMBER:
        return str(rng.randint(3, 40))
    if question.answer_type == AnswerType.DATE:
        return (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))).isoformat()
    if question.answer_type == AnswerType.TEXT:
        return rng.choice(["", "Inga särskilda iakttagelser.", "Gott bemötande, ljusa lokaler."])
    return ""


class _Seeder:
    def __init__(self, ctx):
        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        self.controllers = _users(ctx, Role.CONTROLLER)
        # Plans are decided by the committee side (docs/memberships.md): a manager.
        self.deciders = _users(ctx, Role.MANAGER) or self.controllers
        self.templates = {t.method: t for t in Template.objects.filter(is_current=True)}
        self.questions = {
            t.pk: list(Question.objects.filter(template=t).order_by("order"))
            for t in self.templates.values()
        }
        self.n = 0

    def followup(self, unit, method, performed_on, planned=None, status=FollowUpStatus.DONE):
        rng = self.rng
        template = self.templates[method]
        responsible = rng.choice(self.controllers) if self.controllers else None
        done = status == FollowUpStatus.DONE
        followup = FollowUp.objects.create(
            unit=unit,
            planned=planned,
            template=template,
            method=method,
            status=status,
            responsible=responsible,
            performed_on=performed_on if done else None,
            participants=rng.choice(["", "Stadsdelens samordnare", "LINK-samordnare"]),
            finished_at=timezone.make_aware(dt.datetime.combine(performed_on, dt.time(15)))
            if done
            else None,
        )
        if done:
            followup.diary_number = f"UPF-{performed_on.year}-{followup.pk:05d}"
            followup.save(update_fields=["diary_number"])
        quality = rng.choice([0, 1, 1, 1, 2, 3])
        answers, findings = [], []
        for question in self.questions[template.pk]:
            value = _answer_value(rng, question, quality)
            answers.append(Answer(followup=followup, question=question, value=value))
            result = assess(question, value) if done else None
            if result:
                findings.append(
                    Finding(
                        followup=followup,
                        question=question,
                        assessment=result,
                        text=f"{question.text} – {value}"[:1000],
                    )
                )
        Answer.objects.bulk_create(answers)
        Finding.objects.bulk_create(findings)
        for finding in findings:
            if finding.assessment == Assessment.NOT_MET and finding.question.creates_deficiency:
                self.deficiency(followup, finding, performed_on)
        return followup

    def deficiency(self, followup, finding, performed_on):
        rng, today = self.rng, self.today
        deadline = performed_on + dt.timedelta(days=30)
        age = (today - performed_on).days
        source = finding.question or finding.requirement
        deficiency = Deficiency.objects.create(
            followup=followup,
            unit=followup.unit,
            finding=finding,
            requirement=finding.requirement,
            description=f"Kravet är inte uppfyllt: {source.text}"[:1000],
            severity=rng.choice([Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]),
            required_action="Lämna en handlingsplan som visar hur kravet ska uppfyllas.",
            deadline=deadline,
        )
        if age < 20:
            return deficiency  # newly found: waiting for the provider's plan
        plan = ActionPlan.objects.create(
            deficiency=deficiency,
            measures="Rutinen ses över och all personal utbildas på nästa arbetsplatsträff.",
            responsible_person=self.ctx.faker.name(),
            due_date=performed_on + dt.timedelta(days=75),
        )
        if age < 45 and rng.random() < 0.5:
            deficiency.status = DeficiencyStatus.PLAN_SUBMITTED
        else:
            plan.status = ActionPlanStatus.ACCEPTED
            plan.decided_at = timezone.make_aware(
                dt.datetime.combine(performed_on + dt.timedelta(days=40), dt.time(10))
            )
            plan.save()
            remedied = age > 120 and rng.random() < 0.9
            deficiency.status = (
                DeficiencyStatus.REMEDIED if remedied else DeficiencyStatus.PLAN_ACCEPTED
            )
            if remedied:
                # Most providers finish before the plan's due date (performed + 75 days,
                # decided at + 35); about one in five is late, as in the seeds' reports.
                days = rng.randint(45, 60) if rng.random() < 0.2 else rng.randint(10, 34)
                deficiency.remedied_at = plan.decided_at + dt.timedelta(days=days)
        deficiency.save()
        return deficiency


def seed(ctx):
    load(Template, Question)
    units = list(Unit.objects.filter(active=True).select_related("category", "provider"))
    if not units:
        ctx.log("followup: inga verksamheter – hoppar över")
        return
    s = _Seeder(ctx)
    rng, today = ctx.rng, ctx.today
    per_year = min(len(units), ctx.count(70))

    # History: approved plans with every row finished.
    for year in range(today.year - HISTORY_YEARS, today.year):
        plan = FollowUpPlan.objects.create(
            year=year,
            status=PlanStatus.APPROVED,
            approved_by=rng.choice(s.deciders) if s.deciders else None,
            approved_at=timezone.make_aware(dt.datetime(year - 1, 12, 10, 14)),
            decision_date=dt.date(year - 1, 12, 10),
            decision_paragraph=str(rng.randint(80, 140)),
            decision_diary_number=f"SN-{year - 1}/{rng.randint(100, 999)}",
        )
        for unit in rng.sample(units, per_year):
            month = rng.choice([2, 3, 4, 5, 6, 8, 9, 10, 11])
            method = rng.choice(
                [
                    Method.SITE_VISIT,
                    Method.SITE_VISIT,
                    Method.DOCUMENT_REVIEW,
                    Method.CONTRACT_AUDIT,
                ]
            )
            row = PlannedFollowUp.objects.create(
                plan=plan,
                unit=unit,
                method=method,
                month=month,
                rule=PlanRule.RISK,
                reason="Riskbaserat urval.",
                responsible=rng.choice(s.controllers) if s.controllers else None,
            )
            day = dt.date(year, month, rng.randint(1, 28))
            followup = s.followup(unit, method, day, planned=row)
            ReportDispatch.objects.create(
                followup=followup,
                sent_by=followup.responsible,
                sent_at=timezone.make_aware(
                    dt.datetime.combine(day + dt.timedelta(days=14), dt.time(9))
                ),
            )

    # This year: the proposal by the rules, approved in December, done up to last month.
    proposals = planning.propose(today.year, today=dt.date(today.year - 1, 12, 1))
    plan = FollowUpPlan.objects.create(
        year=today.year,
        status=PlanStatus.APPROVED,
        approved_by=rng.choice(s.deciders) if s.deciders else None,
        approved_at=timezone.make_aware(dt.datetime(today.year - 1, 12, 12, 10)),
        decision_date=dt.date(today.year - 1, 12, 12),
        decision_paragraph=str(rng.randint(80, 140)),
        decision_diary_number=f"SN-{today.year - 1}/{rng.randint(100, 999)}",
    )
    by_id = {u.pk: u for u in units}
    for p in proposals:
        row = PlannedFollowUp.objects.create(
            plan=plan,
            unit_id=p.unit_id,
            contract_id=p.contract_id,
            method=p.method,
            month=p.month,
            rule=p.rule,
            reason=p.reason,
            score=Decimal(str(p.score)) if p.score is not None else None,
            responsible_id=p.responsible_id,
        )
        if p.month < today.month and rng.random() < 0.85:
            day = dt.date(today.year, p.month, rng.randint(1, 28))
            s.followup(by_id.get(p.unit_id) or Unit.objects.get(pk=p.unit_id), p.method, day, row)

    # Self-reports out with providers, some answered and waiting for review.
    self_report_units = rng.sample(units, min(len(units), ctx.count(12)))
    demo_provider = User.objects.filter(username="utforare").values_list("provider_id", flat=True)
    own = [u for u in units if demo_provider and u.provider_id == demo_provider[0]]
    for n, unit in enumerate(own[:1] + self_report_units):
        followup = s.followup(unit, Method.SELF_REPORT, today, status=FollowUpStatus.SENT)
        followup.deadline = today + dt.timedelta(days=rng.randint(7, 30))
        if n % 3 == 2:
            followup.status = FollowUpStatus.SUBMITTED
            followup.submitted_at = timezone.now()
        followup.save()
    if own:
        visit = s.followup(own[0], Method.SITE_VISIT, today - dt.timedelta(days=10))
        ReportDispatch.objects.create(followup=visit, sent_by=visit.responsible)
        question = s.questions[s.templates[Method.SITE_VISIT].pk][0]
        finding = Finding.objects.create(
            followup=visit,
            question=question,
            assessment=Assessment.NOT_MET,
            text=f"{question.text} – Nej",
        )
        s.deficiency(visit, finding, today - dt.timedelta(days=10))

    # Two snapshot runs so "units whose risk rose" has something to show.
    RiskSnapshot.objects.bulk_create(
        RiskSnapshot(
            unit=u,
            score=Decimal(rng.randint(10, 60)),
            computed_at=timezone.now() - dt.timedelta(days=30),
        )
        for u in units
    )
    risk.snapshot(units)
    _committee_parts_and_judgements(ctx)
    _essential_findings(ctx, s)
    ctx.log(
        f"  {FollowUpPlan.objects.count()} uppföljningsplaner, {FollowUp.objects.count()} "
        f"uppföljningar, {Deficiency.objects.count()} brister"
    )


def _committee_parts_and_judgements(ctx):
    """Seed 004's committee responsibilities: one running contract shared by two committees
    (each its own part and categories), and the committees' own judgements of strategic
    contracts, one overriding the proposal each way, with an earlier judgement kept as
    history."""
    from django.db.models import Count

    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.registry.models import Contract, ContractCommittee

    from . import classification
    from .models import StrategicJudgement

    today = ctx.today
    running = list(
        Contract.objects.filter(committee__isnull=False, start_date__lte=today)
        .exclude(end_date__lt=today)
        .annotate(n_categories=Count("units__category", distinct=True))
        .select_related("committee")
        .prefetch_related("units__category")
        .order_by("pk")
    )
    committees = list(OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE, active=True))
    shared = next((c for c in running if c.n_categories >= 2), None)
    if shared is not None:
        others = [c for c in committees if c.pk != shared.committee_id]
        if others:
            categories = sorted({u.category for u in shared.units.all()}, key=lambda c: c.name)
            lead = ContractCommittee.objects.get_or_create(
                contract=shared, committee=shared.committee
            )[0]
            lead.part = categories[0].name
            lead.save(update_fields=["part", "updated_at"])
            lead.categories.set([categories[0]])
            second = ContractCommittee.objects.get_or_create(
                contract=shared,
                committee=ctx.rng.choice(others),
                defaults={"part": ", ".join(c.name for c in categories[1:])},
            )[0]
            second.categories.set(categories[1:])
    managers = _users(ctx, Role.MANAGER)
    if not running or not managers:
        return
    proposed = {c.pk: classification.classify_contract(c).strategic for c in running}
    yes = next((c for c in running if proposed[c.pk]), None)
    no = next((c for c in running if not proposed[c.pk]), None)
    judged = []
    if yes is not None:
        judged.append(
            (
                yes,
                False,
                "Avtalet löper ut i vår och verksamheten tas över i egen regi; nämnden "
                "redovisar det inte som strategiskt.",
            )
        )
    if no is not None:
        StrategicJudgement.objects.create(
            contract=no,
            committee=no.committee,
            strategic=False,
            reason="Förslaget gäller: lågt värde.",
            decided_by=managers[0],
        )
        judged.append(
            (
                no,
                True,
                "Enda HVB-hemmet för ensamkommande barn i stadsdelen: ett avbrott drabbar "
                "många barn, även om värdet är lågt.",
            )
        )
    for contract, strategic, reason in judged:
        StrategicJudgement.objects.create(
            contract=contract,
            committee=contract.committee,
            strategic=strategic,
            reason=reason,
            decided_by=ctx.rng.choice(managers),
        )


# What the year's follow-ups found on the essential requirements of strategic contracts, in
# turn: all met; the first not met, with a deficiency; the first partly met (no deficiency is
# created for "partly"). So the council report answers Ja and Nej, both ways.
ESSENTIAL_OUTCOMES = ("met", "not_met", "partly")
ESSENTIAL_CONTRACTS = 6


def _essential_findings(ctx, s):
    """Findings against the essential requirements of a few strategic contracts running this
    year, in a finished follow-up of the year on one of their units (made when there is none
    before today). Contracts whose requirements carry an essential clause
    (registry.demo.ESSENTIAL_CLAUSES) come first, procured before own assignments; a chosen
    contract without one gets its first requirement marked essential. Bounded: at most
    ESSENTIAL_CONTRACTS contracts."""
    from django.db.models import Prefetch, Q

    from insyn.registry.constants import ContractType
    from insyn.registry.models import Contract, ContractRequirement

    from . import classification

    today = ctx.today
    start = dt.date(today.year, 1, 1)
    candidates = list(
        Contract.objects.filter(start_date__lte=today, requirements__isnull=False)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .distinct()
        .select_related("committee")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("category").order_by("pk")),
            Prefetch("requirements", queryset=ContractRequirement.objects.order_by("clause", "pk")),
            "committee_parts__committee",
        )
        .order_by("pk")
    )
    strategic_ids = {p.contract.pk for p in classification.strategic_parts(candidates)}
    chosen = sorted(
        (c for c in candidates if c.pk in strategic_ids and any(u.active for u in c.units.all())),
        key=lambda c: (
            not any(r.essential for r in c.requirements.all()),
            c.contract_type == ContractType.ASSIGNMENT,
            c.pk,
        ),
    )[:ESSENTIAL_CONTRACTS]
    marked = []
    for contract in chosen:
        requirements = list(contract.requirements.all())
        contract.essential_requirements = [r for r in requirements if r.essential]
        if not contract.essential_requirements:
            requirements[0].essential = True
            marked.append(requirements[0])
            contract.essential_requirements = requirements[:1]
    ContractRequirement.objects.bulk_update(marked, ["essential"])
    done = {}
    for followup in FollowUp.objects.filter(
        status=FollowUpStatus.DONE,
        performed_on__year=today.year,
        unit__in=[u for c in chosen for u in c.units.all()],
    ).order_by("performed_on", "pk"):
        done.setdefault(followup.unit_id, followup)
    for n, contract in enumerate(chosen):
        units = [u for u in contract.units.all() if u.active]
        followup = next((done[u.pk] for u in units if u.pk in done), None)
        if followup is None:
            day = max(start, today - dt.timedelta(days=s.rng.randint(10, 60)))
            followup = s.followup(units[0], Method.SITE_VISIT, day)
            done[units[0].pk] = followup
        outcome = ESSENTIAL_OUTCOMES[n % len(ESSENTIAL_OUTCOMES)]
        for i, requirement in enumerate(contract.essential_requirements):
            assessment = outcome if i == 0 else Assessment.MET
            finding = Finding.objects.create(
                followup=followup,
                requirement=requirement,
                assessment=assessment,
                text={
                    Assessment.MET: "Kravet uppfylls; rutin och underlag visades.",
                    Assessment.NOT_MET: "Kravet uppfylls inte; underlag saknades.",
                    Assessment.PARTLY: "Kravet uppfylls delvis; rutinen är inte känd av all "
                    "personal.",
                }[assessment],
            )
            if assessment == Assessment.NOT_MET:
                s.deficiency(followup, finding, followup.performed_on)

"""Follow-up: scoring every unit, proposing a year's plan, the unit dossier and plan page.

Fills `FULL_FOLLOWUPS` × scale finished follow-ups over ten years (50,000 at --scale 1,
with ANSWERS_PER_FOLLOWUP answers each: about 500,000 answers, issue 3), a deficiency for
about one in twelve, and an approved plan for this year made by the proposal rules.
Measures as the demo controller.
"""

from __future__ import annotations

import datetime as dt
import random

from bench.harness import BenchContext, Result

FULL_FOLLOWUPS = 50_000
ANSWERS_PER_FOLLOWUP = 10
HISTORY_YEARS = 10
SCORE_AND_PLAN_GOAL_MS = 10_000
DOSSIER_GOAL_MS = 200
PAGE_GOAL_MS = 200
BATCH = 2_000


def fill(ctx: BenchContext) -> int:
    from django.utils import timezone

    from insyn.followup.constants import FollowUpStatus
    from insyn.followup.models import Answer, Deficiency, FollowUp
    from insyn.questionnaires.defaults import load
    from insyn.questionnaires.models import Question, Template
    from insyn.registry.models import Unit

    load(Template, Question)
    # In step with the register: at a tenth of it (the harness's query count) a tenth of the
    # history, so the full history spreads over all units.
    units_now = Unit.objects.count()
    target = round(ctx.size(FULL_FOLLOWUPS) * min(1.0, units_now / ctx.size(50_000)))
    have = FollowUp.objects.count()
    if have >= target:
        return have
    rng = random.Random(2026)  # noqa: S311 - bench data
    template = Template.objects.get(code="besok", is_current=True)
    questions = list(template.questions.all()[:ANSWERS_PER_FOLLOWUP])
    typical = {"yes_no_partly": "yes", "scale": "4", "number": "12"}
    unit_ids = list(Unit.objects.filter(active=True).values_list("pk", flat=True))
    today = timezone.localdate()
    made = have
    while made < target:
        followups = []
        for _ in range(min(BATCH, target - made)):
            day = today - dt.timedelta(days=rng.randint(1, HISTORY_YEARS * 365))
            followups.append(
                FollowUp(
                    unit_id=rng.choice(unit_ids),
                    template=template,
                    method=template.method,
                    status=FollowUpStatus.DONE,
                    performed_on=day,
                    diary_number=f"UPF-{day.year}-B{made + len(followups):06d}",
                )
            )
        followups = FollowUp.objects.bulk_create(followups, batch_size=BATCH)
        answers, deficiencies = [], []
        for followup in followups:
            for question in questions:
                value = typical.get(question.answer_type, "")
                if value == "yes" and rng.random() < 0.02:
                    value = "no"
                answers.append(Answer(followup=followup, question=question, value=value))
            if rng.random() < 0.08:
                deficiencies.append(
                    Deficiency(
                        followup=followup,
                        unit_id=followup.unit_id,
                        description="Genomförandeplaner saknas för placerade.",
                        required_action="Upprätta genomförandeplaner.",
                        deadline=followup.performed_on + dt.timedelta(days=30),
                        status="remedied" if rng.random() < 0.9 else "open",
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=5_000)
        Deficiency.objects.bulk_create(deficiencies, batch_size=BATCH)
        made += len(followups)
        if made % 10_000 < BATCH:
            ctx.log(f"followup: {made}/{target}")
    _analyze()
    return made


def _analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("followup_followup", "followup_answer", "followup_deficiency"):
                cursor.execute(f"ANALYZE {table}")


def _plan(ctx: BenchContext):
    from django.utils import timezone

    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.accounts.predicates import CONTROLLER_ROLES, acts_for_committee
    from insyn.followup import services
    from insyn.followup.models import FollowUpPlan

    year = timezone.localdate().year + 1
    controller = ctx.user("controller")
    # The demo controller plans for its own committees, not for the whole municipality.
    committee = next(
        (
            c
            for c in OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE).order_by("pk")
            if acts_for_committee(controller, c.pk, CONTROLLER_ROLES)
        ),
        None,
    )
    plan = FollowUpPlan.objects.filter(year=year, committee=committee).first()
    return plan or services.create_plan(year, committee, controller)


def _busy_unit():
    from django.db.models import Count

    from insyn.followup.models import FollowUp

    row = (
        FollowUp.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n", "unit_id").first()
    )
    return row["unit_id"] if row else None


def query_pages(ctx: BenchContext) -> list[tuple[str, str]]:
    fill(ctx)
    unit_id = _busy_unit()
    return [
        ("unit dossier", f"/uppfoljning/verksamhet/{unit_id}/"),
        ("follow-up plan page", f"/uppfoljning/plan/{_plan(ctx).pk}/"),
        ("open deficiencies", "/uppfoljning/brister/"),
    ]


def run(ctx: BenchContext) -> list[Result]:
    from django.db.models import Count
    from django.utils import timezone

    from insyn.followup import planning, risk
    from insyn.followup.models import Answer
    from insyn.registry.models import Unit

    count = fill(ctx)
    answers = Answer.objects.aggregate(n=Count("pk"))["n"]
    note = f"{count:,} follow-ups, {answers:,} answers".replace(",", " ")
    year = timezone.localdate().year + 1
    unit_count = Unit.objects.filter(active=True).count()
    results = [
        ctx.time_once(
            "risk score for every active unit (load, gather, score)",
            lambda: risk.total_scores(list(risk.scoring_units())),
            note=f"{unit_count:,} units".replace(",", " "),
        ),
        ctx.time_once(
            "score all units and propose a year's plan",
            lambda: planning.propose(year),
            goal_ms=SCORE_AND_PLAN_GOAL_MS,
            note=note,
        ),
    ]
    plan = _plan(ctx)
    unit_id = _busy_unit()
    results.append(
        ctx.measure(
            "unit dossier (busiest unit)",
            f"/uppfoljning/verksamhet/{unit_id}/",
            goal_ms=DOSSIER_GOAL_MS,
            note=note,
        )
    )
    results.append(
        ctx.measure(
            "follow-up plan page with progress",
            f"/uppfoljning/plan/{plan.pk}/",
            goal_ms=PAGE_GOAL_MS,
            note=f"{plan.rows.count()} rows",
        )
    )
    results.append(
        ctx.measure("open deficiencies list", "/uppfoljning/brister/", goal_ms=PAGE_GOAL_MS)
    )
    results.append(ctx.measure("API deficiencies", "/api/v1/deficiencies/", goal_ms=PAGE_GOAL_MS))
    return results

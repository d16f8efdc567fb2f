"""Reports: the feedback tertial table for the whole municipality and the annual report (HTML).

Data: the feedback items of bench_feedback (500,000 at --scale 1) and FULL_ANSWERS × scale
follow-up answers (500,000 at --scale 1, issue 5) on follow-ups of the register's units over
four years, with this year's plan rows and some deficiencies. Measured as the demo controller
for the whole municipality (the heaviest scope). The floor is the tertial table's one SQL
aggregate executed on its own (cursor, no Django view); the ratio is page median / floor.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time

from bench.harness import BenchContext, Result

FULL_ANSWERS = 500_000
TERTIAL_GOAL_MS = 1_000
ANNUAL_GOAL_MS = 3_000  # issue 15: with the own/private tables, for a region
COMPARISON_GOAL_MS = 3_000
BATCH = 5_000


def fill_followups(ctx: BenchContext) -> int:
    from auditlog.context import disable_auditlog
    from django.utils import timezone

    from insyn.followup import services
    from insyn.followup.constants import FollowUpStatus, Severity
    from insyn.followup.models import Answer, Deficiency, FollowUp, FollowUpPlan, PlannedFollowUp
    from insyn.questionnaires.models import Question, Template
    from insyn.registry.models import Unit

    target = ctx.size(FULL_ANSWERS)
    have = Answer.objects.count()
    if have >= target and not ctx.refilled:
        return have
    template = (
        Template.objects.filter(is_current=True).order_by("pk").first()
        or Template.objects.order_by("pk").first()
    )
    if template is None:
        ctx.log("reports: no follow-up template; answers not filled")
        return 0
    questions = list(Question.objects.filter(template=template).values_list("pk", flat=True))
    if not questions:
        return 0
    today = timezone.localdate()
    plan, _ = FollowUpPlan.objects.get_or_create(year=today.year, committee=None)
    # Bench data, replaced in bulk: without auditlog's entry per deleted row (500,000 answers
    # took 20 minutes), and only this plan's rows: bench_followup's plan for next year keeps
    # its rows, so its plan page is measured full on every run.
    with disable_auditlog():
        Answer.objects.all().delete()
        Deficiency.objects.all().delete()
        FollowUp.objects.all().delete()
    services.remove_plan_rows(plan, ctx.user("admin"))
    rng = random.Random(2026)  # noqa: S311 - bench data
    units = list(Unit.objects.values_list("pk", flat=True))
    rows = PlannedFollowUp.objects.bulk_create(
        [
            PlannedFollowUp(
                plan=plan,
                unit_id=rng.choice(units),
                method=template.method,
                month=rng.randint(1, 12),
                rule="risk",
                event_driven=rng.random() < 0.1,
            )
            for _ in range(min(len(units), ctx.size(2_000)))
        ],
        batch_size=BATCH,
    )
    count = math.ceil(target / len(questions))
    made = 0
    while made < count:
        batch = []
        for i in range(made, min(count, made + BATCH)):
            planned = rows[i] if i < len(rows) and rng.random() < 0.7 else None
            performed = today - dt.timedelta(days=rng.randint(0, 4 * 365))
            if planned is not None:
                performed = dt.date(today.year, planned.month, rng.randint(1, 28))
            batch.append(
                FollowUp(
                    unit_id=planned.unit_id if planned else rng.choice(units),
                    planned=planned,
                    template=template,
                    method=template.method,
                    status=FollowUpStatus.DONE,
                    performed_on=performed,
                )
            )
        created = FollowUp.objects.bulk_create(batch, batch_size=BATCH)
        answers = [
            Answer(followup=f, question_id=q, value="yes") for f in created for q in questions
        ]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        Deficiency.objects.bulk_create(
            [
                Deficiency(
                    followup=f,
                    unit_id=f.unit_id,
                    description="Genomförandeplaner saknas.",
                    severity=rng.choice(Severity.values),
                    deadline=f.performed_on + dt.timedelta(days=30),
                )
                for f in created
                if rng.random() < 0.05
            ],
            batch_size=BATCH,
        )
        made += len(batch)
    ctx.analyze()  # the replaced follow-ups and answers left dead rows
    return Answer.objects.count()


def _floor_ms(year: int, repeats: int = 5) -> float:
    """The tertial table's one SQL aggregate, run on its own through a cursor."""
    from django.db import connection

    from insyn.reports import tertial

    captured = {}

    class Capture:
        def __call__(self, execute, sql, params, many, context):
            captured["sql"], captured["params"] = sql, params
            return execute(sql, params, many, context)

    with connection.execute_wrapper(Capture()):
        tertial.feedback_table_aggregate(year, None)
    times = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            cursor.execute(captured["sql"], captured["params"])
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _capture(call) -> list:
    """The (sql, params) of every query `call()` runs."""
    from django.db import connection

    captured = []

    class Capture:
        def __call__(self, execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

    with connection.execute_wrapper(Capture()):
        call()
    return captured


def table_vs_floor(call, repeats: int = 5) -> tuple[float, float, int]:
    """(median ms of the table function, median ms of its grouped SQL alone, queries).

    The floor runs the very queries the function ran, through a cursor, and fetches their
    rows: what is left above it is Django building the queryset and the rows into a table.
    """
    from django.db import connection

    queries = _capture(call)
    own, floor = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        own.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                cursor.fetchall()
        floor.append((time.perf_counter() - started) * 1000)
    return statistics.median(own), statistics.median(floor), len(queries)


def regi_results(year: int) -> list[Result]:
    """The two largest side-by-side tables (issue 15): feedback per kind (every feedback item
    of the year) and per 100 places (every active unit, and the year's complaints and Lex
    Sarah reports), each against its grouped SQL alone."""
    from insyn.reports import regi

    results = []
    for name, call in (
        ("own/private: feedback per kind", lambda: regi.feedback_table(year)),
        ("own/private: per 100 places", lambda: regi.per_places_table(year)),
    ):
        own, floor, queries = table_vs_floor(call)
        ratio = f"{own / floor:.1f}" if floor else "?"
        results.append(
            Result(
                name,
                median_ms=own,
                note=f"{queries} grouped queries; SQL alone {floor:.0f} ms; table / SQL = {ratio}",
            )
        )
    return results


def run(ctx: BenchContext) -> list[Result]:
    from bench import bench_feedback
    from insyn.feedback.models import FeedbackItem

    items = bench_feedback.fill(ctx)
    answers = fill_followups(ctx)
    year = dt.date.today().year
    in_year = FeedbackItem.objects.filter(received_on__year=year).count()
    size = (
        f"{items:,} feedback items ({in_year:,} in {year}), {answers:,} follow-up answers"
    ).replace(",", " ")
    table = ctx.measure(
        "tertial table page, whole municipality",
        f"/rapporter/synpunkter/?year={year}&org_unit=",
        goal_ms=TERTIAL_GOAL_MS,
        note=size,
    )
    floor = _floor_ms(year)
    ratio = f"{table.median_ms / floor:.1f}" if table.median_ms and floor else "?"
    annual = ctx.measure(
        "annual report HTML, whole municipality",
        f"/rapporter/arsrapport/?year={year}&org_unit=",
        goal_ms=ANNUAL_GOAL_MS,
        requests=min(ctx.requests, 10),
        note=size,
    )
    comparison = ctx.measure(
        "own/private comparison page, all committees",
        f"/rapporter/egen-och-privat-regi/?year={year}&committee=",
        goal_ms=COMPARISON_GOAL_MS,
        role="admin",  # all committees need a central membership; the demo controller has three
        requests=min(ctx.requests, 10),
        note=size,
    )
    return [
        table,
        Result(
            "tertial table: its one SQL aggregate alone (floor)",
            median_ms=floor,
            note=f"page median / floor = {ratio}",
        ),
        annual,
        comparison,
        *regi_results(year),
    ]

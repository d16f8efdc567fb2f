"""The nightly jobs at region size, each timed once beside its budget (issue 16).

`run_daily_jobs` runs them every night; a job that outgrows the night (or that someone reruns
by day) holds a database connection and a core for its whole run. The budget is one minute
per job at --scale 1: the night has hours, but the jobs share one machine with the web
workers, and a minute leaves room for ten times the data before the night gets tight.
Fills what the jobs read (ratings, feedback, follow-ups) first, so `--only nightly` works.
"""

from __future__ import annotations

from bench.harness import BenchContext, Result

JOB_GOAL_MS = 60_000


def run(ctx: BenchContext) -> list[Result]:
    from bench import bench_feedback, bench_followup, bench_placement
    from insyn.followup import risk
    from insyn.ratings.services import refresh_answer_rate_days, refresh_rating_summaries
    from insyn.registry.models import Unit

    for module in (bench_feedback, bench_followup, bench_placement):
        module.fill(ctx)
    units = Unit.objects.filter(active=True).count()
    per_units = f"{units:,} active units".replace(",", " ")
    return [
        ctx.time_once(
            "nightly: refresh_rating_summaries (unit rating sums)",
            refresh_rating_summaries,
            goal_ms=JOB_GOAL_MS,
            note=per_units,
        ),
        ctx.time_once(
            "nightly: refresh_answer_rate_days (answer rate per district and day)",
            refresh_answer_rate_days,
            goal_ms=JOB_GOAL_MS,
        ),
        ctx.time_once(
            "nightly: snapshot_risk (risk score of every active unit, stored)",
            lambda: risk.snapshot(risk.scoring_units()),
            goal_ms=JOB_GOAL_MS,
            note=per_units,
        ),
    ]

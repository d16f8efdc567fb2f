"""Demo placements and ratings over four years: most due placements rated (answer rates
differ by district), and the demo case worker (`handlaggare`) with ratings left to give."""

import datetime as dt

from insyn.accounts.constants import Role
from insyn.accounts.models import OrgUnit, User
from insyn.registry.models import Unit

from . import scoring
from .constants import Gender, PlacementStatus
from .models import Placement, Rating, RatingAnswer, RatingQuestionnaire
from .services import (
    ensure_default_questionnaire,
    rating_due_on,
    refresh_answer_rate_days,
    refresh_rating_summaries,
)


def _case_workers(ctx):
    workers = ctx.shared.get("case_workers") or list(User.objects.filter(role=Role.CASE_WORKER))
    by_district = ctx.shared.get("case_workers_by_district") or {}
    districts = ctx.shared.get("districts") or list(OrgUnit.objects.filter(kind="district"))
    return workers, by_district, districts


def seed(ctx):
    workers, by_district, districts = _case_workers(ctx)
    units = ctx.shared.get("units") or list(Unit.objects.filter(active=True))
    ensure_default_questionnaire()  # `seed_demo --flush` also empties the migration's rows
    questionnaire = (
        RatingQuestionnaire.objects.prefetch_related("questions__alternatives")
        .filter(is_active=True)
        .first()
    )
    if not workers or not units or not districts or questionnaire is None:
        ctx.log("ratings: inga handläggare, verksamheter eller formulär – hoppar över")
        return
    rng, today = ctx.rng, ctx.today
    questions = list(questionnaire.questions.all())
    max_points = sum(max(a.points for a in q.alternatives.all()) for q in questions)
    # Each unit has a "true quality" so its ratings cluster; districts answer at different rates.
    quality = {u.pk: rng.choice([1, 2, 2, 3, 3, 3, 4]) for u in units}
    answer_rate = {d.pk: rng.choice([0.55, 0.7, 0.8, 0.9, 0.95]) for d in districts}
    demo_worker = next((w for w in workers if w.username == "handlaggare"), workers[0])
    rated_units = rng.sample(units, k=max(1, int(len(units) * 0.6)))

    placements, rate_plans = [], []
    for n in range(ctx.count(900)):
        unit = rng.choice(rated_units)
        district = rng.choice(districts)
        worker = rng.choice(by_district.get(district.pk) or workers)
        start = today - dt.timedelta(days=rng.randint(0, 4 * 365))
        ended = start + dt.timedelta(days=rng.randint(90, 700))
        placement = Placement(
            case_reference=f"IFO-{start.year}-{n + 1:05d}",
            unit=unit,
            district=district,
            case_worker=worker,
            registered_by=worker,
            start_date=start,
            end_date=ended if ended < today else None,
            category_id=unit.category_id,
            client_age=rng.randint(13, 20) if "barn" in unit.category.name.lower() else None,
            client_gender=rng.choice(Gender.values),
            status=PlacementStatus.ENDED if ended < today else PlacementStatus.ACTIVE,
            rating_due_on=rating_due_on(start),
        )
        placement.rating_requested_at = None
        placements.append(placement)
        due = placement.rating_due_on <= today
        rate_plans.append(due and rng.random() < answer_rate[district.pk])
    # The demo case worker's own placements: two due and unanswered, one answered.
    demo_district = demo_worker.org_unit or districts[0]
    for i, days_ago in enumerate([75, 64, 200, 20]):
        unit = rated_units[i % len(rated_units)]
        start = today - dt.timedelta(days=days_ago)
        placements.append(
            Placement(
                case_reference=f"IFO-{start.year}-D{i + 1:03d}",
                unit=unit,
                district=demo_district,
                case_worker=demo_worker,
                registered_by=demo_worker,
                start_date=start,
                category_id=unit.category_id,
                rating_due_on=rating_due_on(start),
            )
        )
        rate_plans.append(days_ago == 200)
    Placement.objects.bulk_create(placements, batch_size=1000)

    ratings, chosen_by_rating = [], []
    for placement, rate in zip(placements, rate_plans, strict=True):
        if not rate:
            continue
        q = quality[placement.unit_id]
        chosen = []
        for question in questions:
            alternatives = list(question.alternatives.all())
            points = min(4, max(1, q + rng.choice([-1, 0, 0, 0, 1])))
            chosen.append(next(a for a in alternatives if a.points == points))
        points = [a.points for a in chosen]
        submitted = min(today, placement.rating_due_on + dt.timedelta(days=rng.randint(0, 40)))
        ratings.append(
            Rating(
                placement=placement,
                unit_id=placement.unit_id,
                questionnaire=questionnaire,
                submitted_by=placement.case_worker,
                submitted_on=submitted,
                points_total=sum(points),
                max_points=max_points,
                score=scoring.score(points, max_points),
            )
        )
        chosen_by_rating.append(chosen)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    answers = [
        RatingAnswer(rating=rating, question=alt.question, alternative=alt, points=alt.points)
        for rating, chosen in zip(ratings, chosen_by_rating, strict=True)
        for alt in chosen
    ]
    RatingAnswer.objects.bulk_create(answers, batch_size=2000)
    ctx.shared["placements"] = placements
    # What the nightly job would have counted, so the demo reads them as production does.
    refresh_rating_summaries(today)
    refresh_answer_rate_days(today)
    ctx.log(f"ratings: {len(placements)} placeringar, {len(ratings)} ratingar")

"""Reads for the recommendation search, scoped to the user, and the other apps' risk
signals for the ranking (the follow-up and feedback apps' declared bulk counts).

Public face for other apps: `recommendations_for(user)`.
"""

import datetime as dt
import logging

from django.db.models import Q, QuerySet

from insyn.accounts.predicates import is_municipal, sees_all_placements
from insyn.feedback import queries as feedback_queries
from insyn.followup import queries as followup_queries
from insyn.suppliers import queries as supplier_queries

from .models import Recommendation

logger = logging.getLogger(__name__)


def recommendations_for(user) -> QuerySet[Recommendation]:
    """Every recommendation for those who see all placements; for other municipal users
    those they made or received."""
    if not is_municipal(user):
        return Recommendation.objects.none()
    if sees_all_placements(user):
        return Recommendation.objects.all()
    return Recommendation.objects.filter(Q(case_worker=user) | Q(created_by=user))


def open_deficiency_counts(unit_ids) -> dict[int, int]:
    return dict(followup_queries.open_deficiency_counts(list(unit_ids)))


def serious_feedback_counts(unit_ids, since: dt.date) -> dict[int, int]:
    """Recent serious feedback per unit: the feedback app's "serious" count plus Lex Sarah."""
    counts = feedback_queries.risk_counts(list(unit_ids), since)
    return {
        pk: int(row.get("serious", 0) or 0) + int(row.get("lex_sarah", 0) or 0)
        for pk, row in counts.items()
    }


class RankedList(list):
    """The rows shown, and `total`: how many units fit the need in all. `without_permit`:
    units that fit but lack a required IVO permit (by name, at most as many as the rows
    shown), never among the rows; `without_permit_total` counts them all. `revoked`: in the
    same way the units that fit but whose IVO permit is revoked, each with `revoked_on`;
    `refused`: every candidate with a revoked permit, id -> the reason (for the form that
    saves a recommendation, which refuses them by name of the reason)."""

    total = 0
    without_permit: list
    without_permit_total = 0
    revoked: list
    revoked_total = 0
    refused: dict


def candidate_units(user, need):
    """Units that can fit the need, narrowed in SQL (rank() re-checks every criterion)."""
    from insyn.registry.constants import TargetGender
    from insyn.registry.queries import units_for

    units = units_for(user).filter(
        active=True,
        provider__active=True,
        provider__deleted_at__isnull=True,
        category_id=need.category_id,
    )
    if need.age_min is not None:
        units = units.filter(Q(target_age_max__isnull=True) | Q(target_age_max__gte=need.age_min))
        units = units.filter(Q(target_age_min__isnull=True) | Q(target_age_min__lte=need.age_min))
    if need.age_max is not None:
        units = units.filter(Q(target_age_max__isnull=True) | Q(target_age_max__gte=need.age_max))
        units = units.filter(Q(target_age_min__isnull=True) | Q(target_age_min__lte=need.age_max))
    if need.gender not in ("", "any"):
        units = units.filter(target_gender__in=[TargetGender.ANY, need.gender])
    if need.max_price is not None:
        units = units.filter(
            Q(price_per_day_framework__lte=need.max_price)
            | Q(price_indication__lte=need.max_price)
            | Q(price_per_day_framework__isnull=True, price_indication__isnull=True)
        )
    return units.order_by()


def search(user, need, today: dt.date | None = None, limit: int | None = None):
    """The ranked list for a need: candidates, their signals, then the ranking.

    Candidates are read as plain tuples (`UnitFacts`), not model instances, because a
    category can hold thousands of units; only the rows shown are loaded as full `Unit`s.
    """
    from django.utils import timezone

    from insyn.ratings import conf as rating_conf
    from insyn.ratings.queries import (
        rating_means,
        summaries_current,
        summary_mean,
        with_rating_summary,
    )
    from insyn.registry.models import Unit
    from insyn.registry.queries import in_running_framework

    from . import conf
    from .ranking import Ranking, RankingInputs, UnitFacts, revoked_reason

    today = today or timezone.localdate()
    limit = limit or conf.get("PLACEMENT_MAX_RESULTS")
    columns = UnitFacts.columns(with_focus=bool(need.focus_words))
    # One query: each candidate with its framework flag and rating summary.
    units = with_rating_summary(
        candidate_units(user, need).annotate(in_framework=in_running_framework(need.start_date))
    )
    current = summaries_current(today)
    facts, in_framework, summaries = [], {}, {}
    min_count = rating_conf.get("RATING_MIN_COUNT")
    for *row, framework, rating_sum, rating_count in units.values_list(
        *columns, "in_framework", "rating_sum", "rating_count"
    ):
        fact = UnitFacts(*row)
        facts.append(fact)
        if framework:
            in_framework[fact.pk] = True
        if rating_count and current:
            summaries[fact.pk] = summary_mean(rating_sum, rating_count, min_count)
    if not current:
        summaries = rating_means(
            Unit.objects.filter(category_id=need.category_id).values("pk"), today
        )
    # One query: candidates whose latest IVO decision revoked the permit are never ranked.
    revoked = supplier_queries.revoked_unit_ids([fact.pk for fact in facts])
    inputs = RankingInputs(ratings=summaries, in_framework=in_framework, revoked=revoked)
    ranking = Ranking(facts, need, inputs)
    rows = RankedList(_with_risk_signals(ranking, need, inputs, today, limit).rows(limit))
    rows.total = len(ranking)
    lacking = sorted(ranking.without_permit, key=lambda unit: (unit.name, unit.pk))
    rows.without_permit_total = len(lacking)
    lacking = lacking[:limit]
    withdrawn = sorted(ranking.revoked, key=lambda unit: (unit.name, unit.pk))
    rows.revoked_total = len(withdrawn)
    withdrawn = withdrawn[:limit]
    # One query loads the units shown in all three lists.
    full = Unit.objects.select_related("provider", "category", "district").in_bulk(
        [r.unit.pk for r in rows] + [unit.pk for unit in lacking + withdrawn]
    )
    # Providers with a red flag in the supplier checks get a warning beside their name.
    flagged = supplier_queries.red_flag_provider_ids({u.provider_id for u in full.values()})
    for row in rows:
        row.unit = full[row.unit.pk]
        row.unit.in_framework = row.in_framework
        row.unit.supplier_red_flag = row.unit.provider_id in flagged
    rows.without_permit = [full[unit.pk] for unit in lacking]
    rows.revoked = [full[unit.pk] for unit in withdrawn]
    for unit in rows.revoked:
        unit.revoked_on = revoked[unit.pk]
    rows.refused = {pk: revoked_reason(on) for pk, on in revoked.items()}
    return rows


def _with_risk_signals(ranking, need, inputs, today: dt.date, limit: int):
    """`ranking`'s best units ranked again with open deficiencies and serious feedback.

    Risk signals only lower a score, so they are asked for the best `limit` × 2 first (other
    apps' counts take an id list, slow to send for thousands of units). A unit not asked
    about scores at most what it scores without them; once that bound is below the
    `limit`-th score with them, none can reach the list. Otherwise twice as many are asked.
    """
    from . import conf
    from .ranking import Ranking

    since = today - dt.timedelta(days=conf.get("PLACEMENT_FEEDBACK_DAYS"))
    asked = []
    size = limit * 2
    while True:
        best = [unit for _, unit in ranking.top(size)]
        new_ids = [unit.pk for unit in best[len(asked) :]]
        inputs.open_deficiencies.update(open_deficiency_counts(new_ids))
        inputs.serious_feedback.update(serious_feedback_counts(new_ids, since))
        asked = best
        reranked = Ranking(asked, need, inputs, ranking.reference)
        bound = ranking.bound_after(len(asked))
        if bound is None or bound < reranked.top(limit)[-1][0]:
            return reranked
        size *= 2

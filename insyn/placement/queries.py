"""Reads for the recommendation search, scoped to the user, and the integration seam that
fetches other apps' risk signals for the ranking."""

import datetime as dt
import logging
from importlib import import_module

from django.db.models import Q, QuerySet

from insyn.accounts.constants import Role

from .models import Recommendation

logger = logging.getLogger(__name__)

# Roles that see every recommendation; others see those they made or received.
ALL_RECOMMENDATIONS_ROLES = frozenset(
    {Role.ADMIN, Role.CONTROLLER, Role.PLACEMENT_OFFICER, Role.COORDINATOR, Role.MANAGER}
)


def recommendations_for(user) -> QuerySet[Recommendation]:
    if not getattr(user, "is_municipal", False):
        return Recommendation.objects.none()
    if user.role in ALL_RECOMMENDATIONS_ROLES or user.is_superuser:
        return Recommendation.objects.all()
    return Recommendation.objects.filter(Q(case_worker=user) | Q(created_by=user))


def _optional(module: str, name: str):
    """The function `name` of another app, or None while that app has not provided it.

    Integration seam: the follow-up and feedback apps are developed in parallel; the ranking
    must work (treating their signal as zero) until they exist.
    """
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def open_deficiency_counts(unit_ids) -> dict[int, int]:
    func = _optional("insyn.followup.queries", "open_deficiency_counts")
    if func is None:
        return {}
    return dict(func(list(unit_ids)))


def serious_feedback_counts(unit_ids, since: dt.date) -> dict[int, int]:
    """Recent serious feedback per unit: the feedback app's "serious" count plus Lex Sarah."""
    func = _optional("insyn.feedback.queries", "risk_counts")
    if func is None:
        return {}
    counts = func(list(unit_ids), since)
    return {
        pk: int(row.get("serious", 0) or 0) + int(row.get("lex_sarah", 0) or 0)
        for pk, row in counts.items()
    }


class RankedList(list):
    """The rows shown, and `total`: how many units fit the need in all."""

    total = 0


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
    """The ranked list for a need: candidates, their signals, then ranking.rank().

    Candidates are read as plain tuples (`UnitFacts`), not model instances, because a
    category can hold thousands of units; only the rows shown are loaded as full `Unit`s.
    """
    from django.utils import timezone

    from insyn.ratings.queries import rating_means_for_search
    from insyn.registry.models import Unit
    from insyn.registry.queries import running_framework_contracts

    from . import conf
    from .ranking import Ranking, RankingInputs, UnitFacts

    today = today or timezone.localdate()
    limit = limit or conf.get("PLACEMENT_MAX_RESULTS")
    candidates = candidate_units(user, need)
    fields = UnitFacts.fields(with_description=bool(need.focus_words))
    facts = [UnitFacts.from_row(fields, row) for row in candidates.values_list(*fields)]
    # All units under a running framework agreement: one scan of the (small) link table,
    # cheaper on SQLite and PostgreSQL than joining it to thousands of candidates.
    covered = set(running_framework_contracts(need.start_date).values_list("units", flat=True))
    inputs = RankingInputs(
        ratings=rating_means_for_search(candidates.values("pk"), today),
        in_framework={f.pk: f.pk in covered for f in facts},
    )
    # Risk signals only lower a score, by at most `slack`; a unit more than `slack` below the
    # limit-th score without them can't reach the list, so only the rest are asked about
    # (other apps' counts take an id list, which is slow to build for thousands of units).
    ranking = Ranking(facts, need, inputs)
    contenders = ranking.units()
    if len(ranking) > limit:
        w = conf.weights()
        slack = abs(w["open_deficiency_max"]) + abs(w["serious_feedback_max"])
        contenders = ranking.units(min_score=ranking.scores[limit - 1] - slack)
    ids = [f.pk for f in contenders]
    since = today - dt.timedelta(days=conf.get("PLACEMENT_FEEDBACK_DAYS"))
    inputs.open_deficiencies = open_deficiency_counts(ids)
    inputs.serious_feedback = serious_feedback_counts(ids, since)
    # The same price reference as the whole list, so a unit's price scores the same.
    rows = RankedList(Ranking(contenders, need, inputs, ranking.reference).rows(limit))
    rows.total = len(ranking)
    full = Unit.objects.select_related("provider", "category", "district").in_bulk(
        [r.unit.pk for r in rows]
    )
    for row in rows:
        row.unit = full[row.unit.pk]
        row.unit.in_framework = row.in_framework
    return rows

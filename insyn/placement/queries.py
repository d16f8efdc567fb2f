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

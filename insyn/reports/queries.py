"""Reads for reports: scoped org units and the feedback in scope.

Other apps call the plain summary functions beside it: the tertial table is
`tertial.feedback_table(year, org_unit=None)`, the annual figures
`annual.annual_summary(year, org_unit=None)`. This module imports nothing from annual,
indicators or tertial: they build on it.

Scope of an org unit: the unit and every unit below it (`OrgUnit.descendant_ids`).
A feedback item belongs to the org unit of its `district`; an item without a district
belongs to its unit's district. `org_unit=None` means the whole municipality.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from insyn.accounts import predicates
from insyn.accounts.models import OrgUnit, scope_of
from insyn.feedback.models import FeedbackItem


def orgunits_for(user) -> QuerySet[OrgUnit]:
    """Org units whose reports the user may read (see rules.py)."""
    if predicates.sees_all_reports(user):
        return OrgUnit.objects.all()
    if predicates.is_municipal(user) and user.org_unit_id:
        return OrgUnit.objects.filter(pk__in=user.org_unit.descendant_ids())
    return OrgUnit.objects.none()


def committees_for(user) -> tuple[bool, QuerySet[OrgUnit]]:
    """(sees the whole municipality, committees) for the comparison page: the committees a
    report role's membership covers (docs/memberships.md). A central membership (or a
    superuser) covers every committee and the whole municipality; a membership in a
    committee, its förvaltning or a district below covers that committee only. Example: a
    manager of Socialnämnden Centrum gets (False, [Socialnämnden Centrum])."""
    from insyn.accounts.constants import OrgUnitKind

    committees = OrgUnit.objects.filter(kind=OrgUnitKind.COMMITTEE, active=True)
    if not predicates.sees_all_reports(user):
        return False, OrgUnit.objects.none()
    if predicates.units_acted_for(user, predicates.REPORT_SEE_ALL_ROLES) is None:
        return True, committees
    ids = scope_of(user).committee_ids(predicates.REPORT_SEE_ALL_ROLES)
    return False, committees.filter(pk__in=ids)


def council_sections_for(user, year: int):
    """(sections, sees every committee) of the council report for page, API and background
    PDF alike. A controller or manager of some committees sees those committees' sections
    only, including their part of a contract another committee leads; every committee, and
    contracts without one, need a central membership."""
    from insyn.registry import queries as registry_queries

    from . import council

    contracts = registry_queries.contracts_for(user)
    central, committees = committees_for(user)
    if central:
        return council.council_report(year, contracts), True
    ids = set(committees.values_list("pk", flat=True))
    contracts = contracts.filter(
        Q(committee__in=ids) | Q(committee_parts__committee__in=ids)
    ).distinct()
    sections = council.council_report(year, contracts)
    return [s for s in sections if s.committee is not None and s.committee.pk in ids], False


def default_org_unit(user) -> OrgUnit | None:
    """Whole municipality for those who see everything, else the user's own org unit."""
    if predicates.sees_all_reports(user):
        return None
    return user.org_unit if getattr(user, "org_unit_id", None) else None


def scope_ids(org_unit: OrgUnit | None) -> set[int] | None:
    """The org unit's subtree ids, read once per OrgUnit instance (a report asks many times
    within one request; the tree does not change meanwhile)."""
    if org_unit is None:
        return None
    cached = getattr(org_unit, "_report_scope_ids", None)
    if cached is None:
        cached = org_unit._report_scope_ids = frozenset(org_unit.descendant_ids())
    return cached


def feedback_in_scope(org_unit: OrgUnit | None) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.all()
    ids = scope_ids(org_unit)
    if ids is None:
        return items
    return items.filter(
        Q(district_id__in=ids) | Q(district__isnull=True, unit__district_id__in=ids)
    )


def feedback_about_org_units(org_unit: OrgUnit | None) -> QuerySet[FeedbackItem]:
    """Feedback about the municipality's own handling: items whose concerned org unit
    (`FeedbackItem.org_unit`) is `org_unit` or below it; `None`: every such item."""
    ids = scope_ids(org_unit)
    items = FeedbackItem.objects.filter(org_unit__isnull=False)
    return items if ids is None else items.filter(org_unit_id__in=ids)


def years_with_feedback() -> list[int]:
    dates = FeedbackItem.objects.order_by().values_list("received_on", flat=True)
    first = dates.order_by("received_on").first()
    last = dates.order_by("-received_on").first()
    if not first:
        return [dt.date.today().year]
    return list(range(last.year, first.year - 1, -1))


# --- Indicators and goals -------------------------------------------------------------------


def indicators_for(user):
    from .models import Indicator

    if predicates.sees_all_reports(user):
        return Indicator.objects.select_related("org_unit")
    return Indicator.objects.none()


def goals_for(user):
    from .models import Goal

    if predicates.sees_all_reports(user):
        return Goal.objects.select_related("org_unit", "confirmed_by").prefetch_related(
            "indicators"
        )
    return Goal.objects.none()


def goals_in_scope(goals, year: int, org_unit):
    return goals.filter(year=year, org_unit=org_unit).order_by("level", "title", "pk")

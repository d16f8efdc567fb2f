"""Reads for reports: scoped org units, the feedback tertial table (one SQL aggregate), and
the plain summary functions other apps (the public part) may call.

Scope of an org unit: the unit and every unit below it (`OrgUnit.descendant_ids`).
A feedback item belongs to the org unit of its `district`; an item without a district
belongs to its unit's district. `org_unit=None` means the whole municipality.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from insyn.accounts import predicates
from insyn.accounts.models import OrgUnit
from insyn.feedback.models import FeedbackItem

from . import tertial
from .constants import Tertial
from .models import FeedbackTableNote


def orgunits_for(user) -> QuerySet[OrgUnit]:
    """Org units whose reports the user may read (see rules.py)."""
    if predicates.sees_all_reports(user):
        return OrgUnit.objects.all()
    if predicates.is_municipal(user) and user.org_unit_id:
        return OrgUnit.objects.filter(pk__in=user.org_unit.descendant_ids())
    return OrgUnit.objects.none()


def default_org_unit(user) -> OrgUnit | None:
    """Whole municipality for those who see everything, else the user's own org unit."""
    if predicates.sees_all_reports(user):
        return None
    return user.org_unit if getattr(user, "org_unit_id", None) else None


def scope_ids(org_unit: OrgUnit | None) -> set[int] | None:
    return None if org_unit is None else org_unit.descendant_ids()


def feedback_in_scope(org_unit: OrgUnit | None) -> QuerySet[FeedbackItem]:
    items = FeedbackItem.objects.all()
    ids = scope_ids(org_unit)
    if ids is None:
        return items
    return items.filter(
        Q(district_id__in=ids) | Q(district__isnull=True, unit__district_id__in=ids)
    )


# --- The feedback tertial table ------------------------------------------------------------


@dataclass
class TableRow:
    key: str
    group: str
    label: str
    counts: list[int]  # T1, T2, VB
    note: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class TableGroup:
    label: str
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class FeedbackTable:
    year: int
    org_unit: OrgUnit | None
    groups: list[TableGroup]
    rule: str = tertial.TERTIAL_RULE

    @property
    def rows(self) -> list[TableRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def scope_name(self) -> str:
        return self.org_unit.name if self.org_unit else "Hela kommunen"

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "org_unit": self.org_unit.pk if self.org_unit else None,
            "org_unit_name": self.scope_name,
            "rule": self.rule,
            "rows": [
                {
                    "key": row.key,
                    "group": row.group,
                    "label": row.label,
                    "t1": row.counts[0],
                    "t2": row.counts[1],
                    "vb": row.counts[2],
                    "total": row.total,
                    "note": row.note,
                }
                for row in self.rows
            ],
        }


def feedback_table_aggregate(year: int, org_unit: OrgUnit | None = None) -> dict[str, list[int]]:
    """{row key: [T1, T2, VB]} for every row of the table, from ONE SQL query.

    The year's items in scope are grouped by tertial (a CASE over the date received, so an
    index on received_on can be used) and each row is a conditional COUNT over its filter.
    Rows without items are 0.
    """
    (_, t1, t2), (_, _, t3), (_, _, end) = tertial.tertial_bounds(year)
    which = Case(
        When(received_on__lt=t2, then=Value(Tertial.T1.value)),
        When(received_on__lt=t3, then=Value(Tertial.T2.value)),
        default=Value(Tertial.VB.value),
        output_field=IntegerField(),
    )
    counts = {f"n_{i}": Count("pk", filter=row.filter) for i, row in enumerate(tertial.ROWS)}
    grouped = (
        feedback_in_scope(org_unit)
        .filter(received_on__gte=t1, received_on__lt=end)
        .order_by()
        .annotate(tertial=which)
        .values("tertial")
        .annotate(**counts)
    )
    result = {row.key: [0, 0, 0] for row in tertial.ROWS}
    for line in grouped:
        index = line["tertial"] - 1
        for i, row in enumerate(tertial.ROWS):
            result[row.key][index] = line[f"n_{i}"]
    return result


def table_notes(year: int, org_unit: OrgUnit | None) -> dict[str, str]:
    notes = FeedbackTableNote.objects.filter(year=year, org_unit=org_unit)
    return dict(notes.values_list("row_key", "text"))


def feedback_table(year: int, org_unit: OrgUnit | None = None) -> FeedbackTable:
    """The whole table: every row of the seed (zeros included) with the saved notes."""
    counts = feedback_table_aggregate(year, org_unit)
    notes = table_notes(year, org_unit)
    groups: list[TableGroup] = []
    for row in tertial.ROWS:
        if not groups or groups[-1].label != row.group:
            groups.append(TableGroup(row.group))
        groups[-1].rows.append(
            TableRow(row.key, row.group, row.label, counts[row.key], notes.get(row.key, ""))
        )
    return FeedbackTable(year, org_unit, groups)


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


# --- Summaries for other apps (the public part) ---------------------------------------------


def annual_summary(year: int, org_unit: OrgUnit | None = None) -> dict:
    """Counts, means and rates of the annual report (no free text, no personal data); see
    reports.annual.annual_summary. Not user-scoped: the caller decides what to publish."""
    from . import annual

    return annual.annual_summary(year, org_unit)

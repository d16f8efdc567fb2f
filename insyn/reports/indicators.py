"""Indicator values: computed from Insyn's own data, or stored (entered by hand / imported).

Computed metrics, for a year and an org-unit scope (units whose district is in the scope;
None = every unit). Each returns (total, men, women); a part is None when it cannot be told.

- followups_on_time: of the year's planned (not event-driven) follow-ups of units in scope,
  the share finished (status done) no later than the end of the planned month, in percent.
  No gender split: a follow-up concerns a unit, not a person.
- deficiencies_in_time: of the deficiencies found in the year (follow-up date, else the
  day the deficiency was recorded), the share remedied by their due date — the due date of
  the latest accepted action plan, else the deficiency's own deadline — in percent.
- mean_rating: mean rating score (0–100) submitted in the year; men/women by the placed
  client's gender.
- rating_answer_rate: of the placements whose rating fell due in the year (not cancelled),
  the share rated, in percent; men/women by the client's gender.
- complaints_per_100_places: complaints received in the year (feedback scope as in the
  tertial table) per 100 places of the active units in scope. No gender split.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum

from insyn.feedback.constants import Kind
from insyn.followup.constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import Deficiency, PlannedFollowUp
from insyn.ratings.constants import Gender, PlacementStatus
from insyn.ratings.models import Placement, Rating
from insyn.registry.models import Unit

from . import queries
from .constants import ComputedMetric, IndicatorSource
from .models import Indicator, IndicatorValue

Split = tuple[Decimal | None, Decimal | None, Decimal | None]
NONE: Split = (None, None, None)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _one(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def _unit_filter(prefix: str, ids) -> Q:
    return Q() if ids is None else Q(**{f"{prefix}district_id__in": ids})


def _end_of_month(year, month) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def followups_on_time(year, ids) -> Split:
    rows = PlannedFollowUp.objects.filter(
        _unit_filter("unit__", ids), plan__year=year, event_driven=False
    ).values_list("month", "followup__status", "followup__performed_on")
    total = on_time = 0
    for month, status, performed in rows:
        total += 1
        if status == FollowUpStatus.DONE and performed and performed <= _end_of_month(year, month):
            on_time += 1
    return (percent(on_time, total), None, None)


def found_in_year(year) -> Q:
    return Q(followup__performed_on__year=year) | Q(
        followup__performed_on__isnull=True, created_at__year=year
    )


def due_date(deficiency) -> dt.date:
    accepted = [p for p in deficiency.action_plans.all() if p.status == ActionPlanStatus.ACCEPTED]
    if accepted:
        return max(accepted, key=lambda p: (p.created_at, p.pk)).due_date
    return deficiency.deadline


def remedied_in_time(deficiency) -> bool:
    if deficiency.status != DeficiencyStatus.REMEDIED or deficiency.remedied_at is None:
        return False
    return deficiency.remedied_at.date() <= due_date(deficiency)


def deficiencies_in_time(year, ids) -> Split:
    found = list(
        Deficiency.objects.filter(_unit_filter("unit__", ids))
        .filter(found_in_year(year))
        .prefetch_related("action_plans")
    )
    return (percent(sum(remedied_in_time(d) for d in found), len(found)), None, None)


def mean_rating(year, ids) -> Split:
    row = Rating.objects.filter(_unit_filter("unit__", ids), submitted_on__year=year).aggregate(
        total=Avg("score"),
        men=Avg("score", filter=Q(placement__client_gender=Gender.MALE)),
        women=Avg("score", filter=Q(placement__client_gender=Gender.FEMALE)),
    )
    return (_one(row["total"]), _one(row["men"]), _one(row["women"]))


def rating_answer_rate(year, ids) -> Split:
    row = (
        Placement.objects.filter(_unit_filter("unit__", ids), rating_due_on__year=year)
        .exclude(status=PlacementStatus.CANCELLED)
        .aggregate(
            due=Count("pk"),
            answered=Count("rating"),
            due_m=Count("pk", filter=Q(client_gender=Gender.MALE)),
            answered_m=Count("rating", filter=Q(client_gender=Gender.MALE)),
            due_w=Count("pk", filter=Q(client_gender=Gender.FEMALE)),
            answered_w=Count("rating", filter=Q(client_gender=Gender.FEMALE)),
        )
    )
    return (
        percent(row["answered"], row["due"]),
        percent(row["answered_m"], row["due_m"]),
        percent(row["answered_w"], row["due_w"]),
    )


def complaints_per_100_places(year, ids, org_unit=None) -> Split:
    complaints = (
        queries.feedback_in_scope(org_unit)
        .filter(kind=Kind.COMPLAINT, received_on__year=year)
        .count()
    )
    places = Unit.objects.filter(_unit_filter("", ids), active=True).aggregate(n=Sum("places"))["n"]
    if not places:
        return NONE
    return ((Decimal(100) * complaints / places).quantize(Decimal("0.1")), None, None)


def compute(metric: str, year: int, org_unit=None) -> Split:
    ids = queries.scope_ids(org_unit)
    if metric == ComputedMetric.FOLLOWUPS_ON_TIME:
        return followups_on_time(year, ids)
    if metric == ComputedMetric.DEFICIENCIES_IN_TIME:
        return deficiencies_in_time(year, ids)
    if metric == ComputedMetric.MEAN_RATING:
        return mean_rating(year, ids)
    if metric == ComputedMetric.RATING_ANSWER_RATE:
        return rating_answer_rate(year, ids)
    if metric == ComputedMetric.COMPLAINTS_PER_100_PLACES:
        return complaints_per_100_places(year, ids, org_unit)
    return NONE


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    men: Decimal | None
    women: Decimal | None
    previous: Decimal | None
    annual_target: Decimal | None
    council_target: Decimal | None
    council_target_text: str
    period: str
    analysis: str
    stored: IndicatorValue | None

    @property
    def council_target_display(self) -> str:
        if self.council_target is not None:
            return format_value(self.council_target, self.indicator.unit)
        return self.council_target_text or "-"


COUNT_UNITS = frozenset({"st", "st.", "antal", "personer"})


def gender_split_error(unit: str, total, men, women) -> str | None:
    """A gender split that cannot be (issue 15, bad input), or None.

    For a count (unit "st", "antal", "personer") women and men together cannot exceed the
    total, and a split needs a total: 7 women + 5 men with total 10 is refused. For a share
    (unit "%") no value can exceed 100. A mean or share of one gender may exceed the total
    (women 93 %, total 88 %), so nothing else is compared.
    """
    unit = (unit or "").strip().lower()
    parts = [v for v in (men, women) if v is not None]
    if unit in COUNT_UNITS and parts:
        if total is None:
            return "Ange utfallet totalt när kvinnor och män anges."
        if sum(parts) > total:
            return (
                f"Kvinnor och män ({format_value(sum(parts))}) kan inte vara fler än "
                f"totalt ({format_value(total)})."
            )
    if unit == "%" and any(v is not None and v > 100 for v in (total, *parts)):
        return "En andel kan inte vara större än 100 %."
    return None


def format_value(value, unit="") -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}".replace(".", ",") if isinstance(value, Decimal) else str(value)
    return f"{text} {unit}".strip()


def indicators_for_scope(org_unit):
    """Indicators shown for an org unit: its own, plus the municipality's computed ones
    (computed for the unit's scope). The whole municipality shows those without an org unit."""
    active = Indicator.objects.filter(active=True)
    if org_unit is None:
        return active.filter(org_unit__isnull=True)
    return active.filter(
        Q(org_unit=org_unit) | Q(org_unit__isnull=True, source=IndicatorSource.COMPUTED)
    )


def indicator_table(year: int, org_unit=None, extra=()) -> list[IndicatorRow]:
    """The indicator table of seed 002 for a year: outcome, men/boys, women/girls, previous
    year, annual target, council target, period, analysis. `extra`: further indicators
    (e.g. those linked to goals of the chain) appended after the scope's own."""
    indicators = list(indicators_for_scope(org_unit))
    seen = {i.pk for i in indicators}
    indicators += [i for i in extra if i.pk not in seen and not seen.add(i.pk)]
    return rows_for(indicators, year, org_unit)


def rows_for(indicators, year: int, org_unit=None) -> list[IndicatorRow]:
    """Indicator rows for the given indicators (see indicator_table)."""
    if not indicators:
        return []
    stored = {
        (v.indicator_id, v.year): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators, year__in=[year, year - 1])
    }
    rows = []
    for indicator in indicators:
        this = stored.get((indicator.pk, year))
        last = stored.get((indicator.pk, year - 1))
        if indicator.source == IndicatorSource.COMPUTED:
            total, men, women = compute(indicator.metric, year, org_unit)
            previous = compute(indicator.metric, year - 1, org_unit)[0]
        else:
            total, men, women = (this.value, this.value_men, this.value_women) if this else NONE
            previous = last.value if last else None
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=total,
                men=men if indicator.split_by_gender else None,
                women=women if indicator.split_by_gender else None,
                previous=previous,
                annual_target=this.annual_target if this else None,
                council_target=this.council_target if this else None,
                council_target_text=this.council_target_text if this else "",
                period=(this.period if this and this.period else str(year)),
                analysis=this.analysis if this else "",
                stored=this,
            )
        )
    return rows

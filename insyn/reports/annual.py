"""The annual follow-up report (årsrapport) per year and committee: plain data, no HTML.

Scope: units whose district is in the org unit's subtree (None = every unit). Own units
(egen regi) and private providers (every other operation form) side by side.

Plan vs outcome, per row of the year's follow-up plans (municipal and committee plans):
- planned:  rows that are not event-driven;
- done:     planned rows whose follow-up is finished (status done);
- moved:    done rows performed in another month than planned;
- event:    event-driven rows added to the plan (händelsestyrda tillägg), done or not.

Deficiencies found in the year (follow-up date, else the day recorded), by area (the unit's
category) and severity, and how many were remedied in time (indicators.remedied_in_time).
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from insyn.feedback.constants import Kind
from insyn.followup.constants import FollowUpStatus, Severity
from insyn.followup.models import Deficiency, PlannedFollowUp
from insyn.ratings.constants import PlacementStatus
from insyn.ratings.models import Placement, Rating
from insyn.registry.constants import OperationForm

from . import goals, indicators, queries, regi, tertial
from .models import AnnualReport

OWN, PRIVATE = "Egen regi", "Privata utförare"
FORMS = (OWN, PRIVATE)
PLAN_COLUMNS = ("planned", "done", "moved", "event")
PLAN_LABELS = {
    "planned": "Planerade",
    "done": "Genomförda",
    "moved": "varav flyttade",
    "event": "Händelsestyrda tillägg",
}
MONTHS = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
]  # fmt: skip


def _form(operation_form) -> str:
    return OWN if operation_form == OperationForm.OWN else PRIVATE


def _unit_q(prefix, org_unit) -> Q:
    ids = queries.scope_ids(org_unit)
    return Q() if ids is None else Q(**{f"{prefix}district_id__in": ids})


@dataclass
class PlanOutcome:
    # {category: {form: {column: n}}}
    by_category: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    # [(month name, planned, done)]
    by_month: list = field(default_factory=list)


def _zero():
    return {form: dict.fromkeys(PLAN_COLUMNS, 0) for form in FORMS}


def plan_outcome(year: int, org_unit=None) -> PlanOutcome:
    rows = PlannedFollowUp.objects.filter(_unit_q("unit__", org_unit), plan__year=year).values_list(
        "unit__category__name",
        "unit__provider__operation_form",
        "month",
        "event_driven",
        "followup__status",
        "followup__performed_on",
    )
    result = PlanOutcome(totals=_zero())
    planned_by_month, done_by_month = [0] * 12, [0] * 12
    by_category: dict = {}
    for category, operation_form, month, event, status, performed in rows:
        bucket = by_category.setdefault(category, _zero())[_form(operation_form)]
        total = result.totals[_form(operation_form)]
        done = status == FollowUpStatus.DONE and performed is not None and performed.year == year
        keys = []
        if event:
            keys.append("event")
        else:
            keys.append("planned")
            planned_by_month[month - 1] += 1
            if done:
                keys.append("done")
                if performed.month != month:
                    keys.append("moved")
        if done:
            done_by_month[performed.month - 1] += 1
        for key in keys:
            bucket[key] += 1
            total[key] += 1
    result.by_category = OrderedDict(sorted(by_category.items()))
    result.by_month = list(zip(MONTHS, planned_by_month, done_by_month, strict=True))
    return result


@dataclass
class DeficiencySummary:
    # {area: {severity label: n}}, severities in order
    by_area: dict
    severities: list
    total: int
    remedied_in_time: int
    remedied: int


def deficiency_summary(year: int, org_unit=None) -> DeficiencySummary:
    found = list(
        Deficiency.objects.filter(_unit_q("unit__", org_unit))
        .filter(indicators.found_in_year(year))
        .select_related("unit__category")
        .prefetch_related("action_plans")
    )
    severities = [s.label for s in Severity]
    by_area: dict = {}
    for deficiency in found:
        area = by_area.setdefault(deficiency.unit.category.name, dict.fromkeys(severities, 0))
        area[Severity(deficiency.severity).label] += 1
    return DeficiencySummary(
        by_area=OrderedDict(sorted(by_area.items())),
        severities=severities,
        total=len(found),
        remedied_in_time=sum(indicators.remedied_in_time(d) for d in found),
        remedied=sum(d.remedied_at is not None for d in found),
    )


def rating_summary(year: int, org_unit=None) -> dict:
    ratings = Rating.objects.filter(_unit_q("unit__", org_unit), submitted_on__year=year)
    row = ratings.aggregate(n=Count("pk"), mean=Avg("score"))
    due = (
        Placement.objects.filter(_unit_q("unit__", org_unit), rating_due_on__year=year)
        .exclude(status=PlacementStatus.CANCELLED)
        .aggregate(due=Count("pk"), answered=Count("rating"))
    )
    return {
        "count": row["n"],
        "mean": indicators._one(row["mean"]),
        "due": due["due"],
        "answered": due["answered"],
        "rate": indicators.percent(due["answered"], due["due"]),
    }


def feedback_summary(year: int, org_unit=None) -> list[tuple[str, int]]:
    """(kind label, count) for every kind of feedback received in the year, zeros included."""
    counts = (
        queries.feedback_in_scope(org_unit)
        .filter(received_on__year=year)
        .aggregate(**{k.value: Count("pk", filter=Q(kind=k)) for k in Kind})
    )
    return [(k.label, counts[k.value]) for k in Kind]


def report_texts(year: int, org_unit=None) -> AnnualReport:
    return AnnualReport.objects.filter(year=year, org_unit=org_unit).first() or AnnualReport(
        year=year, org_unit=org_unit
    )


def chain_goals(year: int, org_unit=None, goal_queryset=None) -> list:
    """The year's goals shown for a scope: goals of the org unit's subtree (every goal for
    the whole municipality) and the goals above them in the chain (KF:s goals)."""
    from .models import Goal

    all_goals = list(
        (goal_queryset if goal_queryset is not None else Goal.objects)
        .filter(year=year)
        .select_related("confirmed_by", "org_unit", "parent")
        .prefetch_related("indicators", "activities")
    )
    ids = queries.scope_ids(org_unit)
    wanted = [g.pk for g in all_goals if ids is None or g.org_unit_id in ids]
    return goals.with_ancestors(all_goals, wanted)


def goal_chain_rows(year: int, org_unit=None, goal_queryset=None, indicator_rows=None) -> list:
    """The goal chain as a flat list of GoalRows in the seed's reading order (depth set)."""
    goal_list = chain_goals(year, org_unit, goal_queryset)
    linked = {i.pk: i for g in goal_list for i in g.indicators.all()}
    if indicator_rows is None:
        indicator_rows = indicators.indicator_table(year, org_unit, extra=linked.values())
    else:
        known = {r.indicator.pk for r in indicator_rows}
        missing = [i for pk, i in linked.items() if pk not in known]
        indicator_rows = indicator_rows + indicators.rows_for(missing, year, org_unit)
    return list(goals.walk(goals.goal_chain(goal_list, indicator_rows)))


def annual_report(year: int, org_unit=None, goal_queryset=None) -> dict:
    """Everything the annual report shows, as plain data (web page, PDF, XLSX, API)."""
    indicator_rows = indicators.indicator_table(year, org_unit)
    chain = goal_chain_rows(year, org_unit, goal_queryset, indicator_rows)
    return {
        "year": year,
        "org_unit": org_unit,
        "scope_name": org_unit.name if org_unit else "Hela kommunen",
        "plan": plan_outcome(year, org_unit),
        "deficiencies": deficiency_summary(year, org_unit),
        "ratings": rating_summary(year, org_unit),
        "feedback": feedback_summary(year, org_unit),
        "regi_tables": regi.regi_tables(year, org_unit),
        "indicator_rows": indicator_rows,
        "goal_rows": chain,
        "chain": chain,
        "table": tertial.feedback_table(year, org_unit),
        "own_table": tertial.own_handling_table(year, org_unit),
        "texts": report_texts(year, org_unit),
    }


def is_empty(data: dict) -> bool:
    plan_total = sum(sum(v.values()) for v in data["plan"].totals.values())
    return (
        plan_total == 0
        and data["deficiencies"].total == 0
        and data["ratings"]["count"] == 0
        and all(n == 0 for _, n in data["feedback"])
    )


def flat_tables(data: dict) -> dict:
    """Rows as flat lists, for templates and XLSX."""
    plan: PlanOutcome = data["plan"]
    plan_rows = [
        (category, [cells[form][col] for form in FORMS for col in PLAN_COLUMNS])
        for category, cells in plan.by_category.items()
    ]
    plan_totals = [plan.totals[form][col] for form in FORMS for col in PLAN_COLUMNS]
    deficiencies: DeficiencySummary = data["deficiencies"]
    deficiency_rows = [
        (area, [cells[s] for s in deficiencies.severities])
        for area, cells in deficiencies.by_area.items()
    ]
    return {
        "forms": FORMS,
        "plan_labels": [PLAN_LABELS[c] for c in PLAN_COLUMNS],
        "plan_rows": plan_rows,
        "plan_totals": plan_totals,
        "deficiency_rows": deficiency_rows,
    }


TOC = [
    ("s-summary", "Sammanfattning"),
    ("s-plan", "Uppföljningsplan och utfall"),
    ("s-deficiencies", "Brister och handlingsplaner"),
    ("s-ratings", "Rating och synpunkter"),
    ("s-regi", "Egen regi och privata utförare"),
    ("s-goals", "Uppföljning av mål"),
    ("s-indicators", "Indikatorer och mål"),
    ("s-feedback", "Redovisning av synpunkter och klagomål"),
    ("s-own-feedback", "Synpunkter om kommunens egen handläggning"),
    ("s-analysis", "Analys"),
    ("s-improvements", "Planerade förbättringar"),
]


def template_context(data: dict) -> dict:
    from . import charts

    return {
        **data,
        **flat_tables(data),
        "charts": charts.all_charts(data),
        "empty": is_empty(data),
        "toc": TOC,
    }


def annual_summary(year: int, org_unit=None) -> dict:
    """The annual report's figures as plain data (the API, and the public part may call it).

    No free text and no personal data: counts, means and rates only.
    """
    plan = plan_outcome(year, org_unit)
    deficiencies = deficiency_summary(year, org_unit)
    ratings = rating_summary(year, org_unit)
    feedback = feedback_summary(year, org_unit)
    return {
        "year": year,
        "org_unit": org_unit.pk if org_unit else None,
        "org_unit_name": org_unit.name if org_unit else "Hela kommunen",
        "plan": [
            {"category": category, "own": cells[OWN], "private": cells[PRIVATE]}
            for category, cells in plan.by_category.items()
        ],
        "deficiencies": [
            {"area": area, "by_severity": cells} for area, cells in deficiencies.by_area.items()
        ],
        "deficiencies_total": deficiencies.total,
        "deficiencies_remedied_in_time": deficiencies.remedied_in_time,
        "ratings_count": ratings["count"],
        "ratings_mean": ratings["mean"],
        "rating_answer_rate": ratings["rate"],
        "feedback_by_kind": {kind.value: n for kind, (_, n) in zip(Kind, feedback, strict=True)},
    }

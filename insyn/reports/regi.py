"""Own units (egen regi) and private providers side by side (seed 001: results "både i egen
och privat regi").

A unit is in egen regi when its provider's operation form is OWN, otherwise private
(registry.Provider.operation_form; the same rule as annual._form). Every table here is
computed by grouped SQL (`split_by_regi`), one query per table, never per unit. Rows not tied
to a unit (feedback about an org unit) count only in the total.

Tables (each row: label, own, private, total):
- requirements: per category, contract requirements / questions tested in the year's finished
  follow-ups (findings assessed met, partly or not met; "noted" is not a test) and the share
  met (assessed met) in percent;
- deficiencies: per area (category) and severity, found in the year (as annual.deficiency_
  summary), then remedied and remedied in time;
- ratings: number, mean score, requested, answered and answer rate;
- feedback: received in the year per kind;
- per 100 places: complaints and Lex Sarah reports per 100 places of the active units in
  scope, per category.

Worked example: own units with 10 places and 1 complaint, private with 40 places and 6
complaints → 10,0 and 15,0 per 100 places, total 7 per 50 = 14,0.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from insyn.feedback.constants import Kind
from insyn.followup.constants import Assessment, FollowUpStatus, Severity
from insyn.followup.models import Deficiency, Finding, PlannedFollowUp
from insyn.ratings.constants import PlacementStatus
from insyn.ratings.models import Placement, Rating
from insyn.registry.constants import OperationForm
from insyn.registry.models import Unit

from . import indicators, queries

OWN, PRIVATE, TOTAL = "own", "private", "total"
COLUMNS = ("Egen regi", "Privata utförare", "Totalt")


def _regi(operation_form) -> str | None:
    if operation_form is None:
        return None
    return OWN if operation_form == OperationForm.OWN else PRIVATE


def split_by_regi(queryset, form_path: str, group_path: str | None = None, **aggregates) -> dict:
    """One grouped query: {group: {OWN: {name: n}, PRIVATE: {…}, TOTAL: {…}}}.

    `form_path` leads to the provider's operation form (e.g. "unit__provider__operation_form");
    `group_path` (optional) to a grouping such as the unit's category name; without it the
    single group is None. Aggregates must add up (Count, Sum): totals are the sums of the
    parts, plus rows without a unit (operation form null), which count only in the total.

    Example: split_by_regi(Rating.objects.all(), "unit__provider__operation_form",
    n=Count("pk")) → {None: {"own": {"n": 3}, "private": {"n": 5}, "total": {"n": 8}}}.
    """
    keys = [form_path] + ([group_path] if group_path else [])
    rows = queryset.order_by().values(*keys).annotate(**aggregates)
    result: dict = {}
    for row in rows:
        group = row[group_path] if group_path else None
        cells = result.setdefault(
            group, {k: dict.fromkeys(aggregates, 0) for k in (OWN, PRIVATE, TOTAL)}
        )
        regi = _regi(row[form_path])
        for name in aggregates:
            value = row[name] or 0
            cells[TOTAL][name] += value
            if regi:
                cells[regi][name] += value
    return result


@dataclass
class RegiTable:
    key: str
    caption: str
    row_header: str
    rows: list  # [(label, own, private, total)]


def _unit_q(prefix, org_unit, category=None) -> Q:
    """Units in the org unit's subtree (None: every unit) and, when given, of one category
    (a registry.Category or its id; the comparison page's filter)."""
    ids = queries.scope_ids(org_unit)
    q = Q() if ids is None else Q(**{f"{prefix}district_id__in": ids})
    if category is not None:
        q &= Q(**{f"{prefix}category_id": getattr(category, "pk", category)})
    return q


def _share(part, whole):
    return indicators.percent(part, whole)


def requirements_table(year: int, org_unit=None, category=None) -> RegiTable:
    findings = Finding.objects.filter(
        _unit_q("followup__unit__", org_unit, category),
        followup__status=FollowUpStatus.DONE,
        followup__performed_on__year=year,
    ).exclude(assessment=Assessment.NOTED)
    split = split_by_regi(
        findings,
        "followup__unit__provider__operation_form",
        "followup__unit__category__name",
        tested=Count("pk"),
        met=Count("pk", filter=Q(assessment=Assessment.MET)),
    )
    rows = []
    for name in sorted(split):
        cells = split[name]
        rows.append((f"{name}: prövade krav", *(cells[k]["tested"] for k in (OWN, PRIVATE, TOTAL))))
        rows.append(
            (
                f"{name}: andel uppfyllda (%)",
                *(_share(cells[k]["met"], cells[k]["tested"]) for k in (OWN, PRIVATE, TOTAL)),
            )
        )
    return RegiTable("requirements", f"Prövade krav och andel uppfyllda {year}", "Kategori", rows)


def deficiency_table(year: int, org_unit=None, category=None) -> RegiTable:
    found = list(
        Deficiency.objects.filter(_unit_q("unit__", org_unit, category))
        .filter(indicators.found_in_year(year))
        .select_related("unit__category", "unit__provider")
        .prefetch_related("action_plans")
    )
    cells: dict = {}
    summary = {k: {"total": 0, "remedied": 0, "in_time": 0} for k in (OWN, PRIVATE, TOTAL)}
    for d in found:
        regi = _regi(d.unit.provider.operation_form)
        area = cells.setdefault(
            d.unit.category.name,
            {s.value: dict.fromkeys((OWN, PRIVATE, TOTAL), 0) for s in Severity},
        )
        for k in (regi, TOTAL):
            area[d.severity][k] += 1
            summary[k]["total"] += 1
            summary[k]["remedied"] += d.remedied_at is not None
            summary[k]["in_time"] += bool(indicators.remedied_in_time(d))
    rows = [
        (f"{area}: {Severity(s).label.lower()}", *(counts[k] for k in (OWN, PRIVATE, TOTAL)))
        for area in sorted(cells)
        for s, counts in cells[area].items()
    ]
    keys = (OWN, PRIVATE, TOTAL)
    rows += [
        ("Brister totalt", *(summary[k]["total"] for k in keys)),
        ("Åtgärdade", *(summary[k]["remedied"] for k in keys)),
        ("Åtgärdade i tid", *(summary[k]["in_time"] for k in keys)),
        (
            "Andel åtgärdade i tid (%)",
            *(_share(summary[k]["in_time"], summary[k]["total"]) for k in keys),
        ),
    ]
    return RegiTable("deficiencies", f"Brister {year} per område och allvarlighet", "Område", rows)


def rating_table(year: int, org_unit=None, category=None) -> RegiTable:
    keys = (OWN, PRIVATE, TOTAL)
    empty = {k: {"n": 0, "sum": 0} for k in keys}
    ratings = split_by_regi(
        Rating.objects.filter(_unit_q("unit__", org_unit, category), submitted_on__year=year),
        "unit__provider__operation_form",
        n=Count("pk"),
        sum=Sum("score"),
    ).get(None, empty)
    empty = {k: {"due": 0, "answered": 0} for k in keys}
    due = split_by_regi(
        Placement.objects.filter(
            _unit_q("unit__", org_unit, category), rating_due_on__year=year
        ).exclude(status=PlacementStatus.CANCELLED),
        "unit__provider__operation_form",
        due=Count("pk"),
        answered=Count("rating"),
    ).get(None, empty)

    def mean(k):
        n = ratings[k]["n"]
        return (Decimal(ratings[k]["sum"]) / n).quantize(Decimal("0.1")) if n else None

    rows = [
        ("Antal ratingar", *(ratings[k]["n"] for k in keys)),
        ("Genomsnittlig poäng (0–100)", *(mean(k) for k in keys)),
        ("Begärda ratingar", *(due[k]["due"] for k in keys)),
        ("Besvarade", *(due[k]["answered"] for k in keys)),
        ("Svarsfrekvens (%)", *(_share(due[k]["answered"], due[k]["due"]) for k in keys)),
    ]
    return RegiTable("ratings", f"Rating {year}", "Mått", rows)


def feedback_table(year: int, org_unit=None, category=None) -> RegiTable:
    keys = (OWN, PRIVATE, TOTAL)
    split = split_by_regi(
        _feedback(year, org_unit, category),
        "unit__provider__operation_form",
        **{k.value: Count("pk", filter=Q(kind=k)) for k in Kind},
    ).get(None) or {k: dict.fromkeys((kind.value for kind in Kind), 0) for k in keys}
    rows = [(kind.label, *(split[k][kind.value] for k in keys)) for kind in Kind]
    return RegiTable("feedback", f"Inkomna synpunkter {year} per typ", "Typ", rows)


def _feedback(year, org_unit, category):
    items = queries.feedback_in_scope(org_unit).filter(received_on__year=year)
    return (
        items
        if category is None
        else items.filter(unit__category_id=getattr(category, "pk", category))
    )


def _per_100(n, places):
    if not places:
        return None
    return (Decimal(100) * n / places).quantize(Decimal("0.1"))


def per_places_table(year: int, org_unit=None, category=None) -> RegiTable:
    keys = (OWN, PRIVATE, TOTAL)
    places = split_by_regi(
        Unit.objects.filter(_unit_q("", org_unit, category), active=True),
        "provider__operation_form",
        "category__name",
        places=Sum("places"),
    )
    counts = split_by_regi(
        _feedback(year, org_unit, category).filter(kind__in=[Kind.COMPLAINT, Kind.LEX_SARAH]),
        "unit__provider__operation_form",
        "unit__category__name",
        complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
        lex_sarah=Count("pk", filter=Q(kind=Kind.LEX_SARAH)),
    )
    rows = []
    for name in sorted(c for c in places if c is not None):
        p = places[name]
        c = counts.get(name) or {k: {"complaints": 0, "lex_sarah": 0} for k in keys}
        rows.append((f"{name}: platser", *(p[k]["places"] for k in keys)))
        rows.append(
            (
                f"{name}: klagomål per 100 platser",
                *(_per_100(c[k]["complaints"], p[k]["places"]) for k in keys),
            )
        )
        rows.append(
            (
                f"{name}: Lex Sarah per 100 platser",
                *(_per_100(c[k]["lex_sarah"], p[k]["places"]) for k in keys),
            )
        )
    return RegiTable(
        "per_places", f"Klagomål och Lex Sarah per 100 platser {year}", "Kategori", rows
    )


def followup_table(year: int, org_unit=None, category=None) -> RegiTable:
    """Follow-ups planned and done per category, as annual.plan_outcome counts them (planned:
    rows of the year's plans that are not event-driven; done: those finished in the year;
    event-driven additions apart), by one grouped query."""
    keys = (OWN, PRIVATE, TOTAL)
    planned = Q(event_driven=False)
    split = split_by_regi(
        PlannedFollowUp.objects.filter(_unit_q("unit__", org_unit, category), plan__year=year),
        "unit__provider__operation_form",
        "unit__category__name",
        planned=Count("pk", filter=planned),
        done=Count(
            "pk",
            filter=planned
            & Q(followup__status=FollowUpStatus.DONE, followup__performed_on__year=year),
        ),
        event=Count("pk", filter=Q(event_driven=True)),
    )
    rows = []
    for name in sorted(n for n in split if n is not None):
        cells = split[name]
        rows += [
            (f"{name}: planerade", *(cells[k]["planned"] for k in keys)),
            (f"{name}: genomförda", *(cells[k]["done"] for k in keys)),
            (
                f"{name}: andel genomförda (%)",
                *(_share(cells[k]["done"], cells[k]["planned"]) for k in keys),
            ),
            (f"{name}: händelsestyrda tillägg", *(cells[k]["event"] for k in keys)),
        ]
    return RegiTable(
        "followups", f"Planerade och genomförda uppföljningar {year}", "Kategori", rows
    )


def regi_tables(year: int, org_unit=None, category=None) -> list[RegiTable]:
    """Every side-by-side table of the annual report, in the report's order."""
    return [
        requirements_table(year, org_unit, category),
        deficiency_table(year, org_unit, category),
        rating_table(year, org_unit, category),
        feedback_table(year, org_unit, category),
        per_places_table(year, org_unit, category),
    ]


def comparison_tables(year: int, org_unit=None, category=None) -> list[RegiTable]:
    """The controller's comparison page: follow-ups, then the annual report's tables."""
    return [followup_table(year, org_unit, category), *regi_tables(year, org_unit, category)]

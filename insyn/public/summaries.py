"""The published annual summary: finished follow-ups of a year by method and by category,
own units and other providers side by side, with small counts suppressed when shown.

Until insyn.reports offers an annual summary of follow-ups as a plain function, the public
part counts its own: one aggregate query over finished follow-ups (status done) whose date
(performed_on) falls in the year.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Value, When

from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import FollowUp
from insyn.questionnaires.constants import Method
from insyn.registry.constants import OperationForm
from insyn.registry.models import Category

from . import conf
from .constants import Regi

SIDES = (Regi.OWN.value, Regi.OTHER.value)


def count_followups(year: int) -> dict:
    """Raw counts, stored with the publication: {"by_method": {label: {"own": n, "other": n}},
    "by_category": {…}, "total": {…}}. Every method and active category is listed, zeros too,
    so each year's table has the same rows."""
    rows = (
        FollowUp.objects.filter(status=FollowUpStatus.DONE, performed_on__year=year)
        .annotate(
            side=Case(
                When(unit__provider__operation_form=OperationForm.OWN, then=Value(Regi.OWN)),
                default=Value(Regi.OTHER),
            ),
            category_name=F("unit__category__name"),
        )
        .values("method", "category_name", "side")
        .annotate(n=Count("pk"))
    )
    methods = dict(Method.choices)
    by_method = {label: dict.fromkeys(SIDES, 0) for label in methods.values()}
    by_category = {c.name: dict.fromkeys(SIDES, 0) for c in Category.objects.filter(active=True)}
    total = dict.fromkeys(SIDES, 0)
    for row in rows:
        by_method.setdefault(methods.get(row["method"], row["method"]), dict.fromkeys(SIDES, 0))
        by_method[methods.get(row["method"], row["method"])][row["side"]] += row["n"]
        by_category.setdefault(row["category_name"], dict.fromkeys(SIDES, 0))
        by_category[row["category_name"]][row["side"]] += row["n"]
        total[row["side"]] += row["n"]
    return {"by_method": by_method, "by_category": by_category, "total": total}


def min_count() -> int:
    return int(conf.get("MIN_COUNT"))


def hidden_cells(values: list[int], threshold: int) -> list[bool]:
    """Which cells of a column to suppress. Cells below the threshold are hidden; the column's
    total is shown, so when exactly one cell is hidden it could be worked out by subtraction,
    and the smallest shown cell is hidden too (complementary suppression)."""
    hidden = [v < threshold for v in values]
    shown = [i for i, h in enumerate(hidden) if not h]
    if sum(hidden) == 1 and shown:
        hidden[min(shown, key=lambda i: values[i])] = True
    return hidden


def display(value: int, hidden: bool, threshold: int) -> str:
    return f"färre än {threshold}" if hidden else str(value)


@dataclass
class SummaryRow:
    label: str
    cells: list[str]  # one per side, in SIDES order


def table(counts: dict[str, dict[str, int]], threshold: int) -> list[SummaryRow]:
    labels = list(counts)
    columns = {}
    for side in SIDES:
        values = [int(counts[label].get(side, 0)) for label in labels]
        hidden = hidden_cells(values, threshold)
        columns[side] = [display(v, h, threshold) for v, h in zip(values, hidden, strict=True)]
    return [
        SummaryRow(label, [columns[side][i] for side in SIDES]) for i, label in enumerate(labels)
    ]


def present(published_year) -> dict:
    """What the page, CSV and JSON show for a published year: only suppressed strings."""
    threshold = min_count()
    counts = published_year.counts
    total = counts.get("total", {})
    total_cells = [
        display(int(total.get(s, 0)), int(total.get(s, 0)) < threshold, threshold) for s in SIDES
    ]
    sides = [Regi(side).label for side in SIDES]
    return {
        "year": published_year.year,
        "threshold": threshold,
        "sides": sides,
        "by_method": table(counts.get("by_method", {}), threshold),
        "by_category": table(counts.get("by_category", {}), threshold),
        "total": total_cells,
        "total_rows": list(zip(sides, total_cells, strict=True)),
        "published": published_year.updated_at,
    }

"""The feedback tertial table, "Redovisning av synpunkter och klagomål" (seed 002): its rows,
what each row counts, and the counting (`feedback_table`, one SQL aggregate) in one module.

Every row is a filter over `feedback.FeedbackItem`; the groups and rows follow the seed's
table in its order. One addition: the seed's group "Rapportering av lex Sarah och lex Maria"
has only a "Lex Sarah" row, but Insyn also records Lex Maria reports, so a "Lex Maria" row
follows it (otherwise those reports would be counted nowhere).

"Klagomål eller synpunkt" is a feedback item of kind complaint or suggestion (synpunkt/
förslag). "Återkoppling" counts complaints where feedback to the complainant is recorded
(`feedback_given_on`); "Åtgärder" counts complaints with a recorded action taken: the
action fact (`action_taken_on`, set from the provider's answer or recorded by the
municipality for feedback about its own handling), or a provider answer (`answered_at`; every
answer states the action taken, and the migration recorded each as an action). The action
text may be removed by retention, the dates are not. So a complaint that got återkoppling
with no action recorded counts under "Återkoppling" and not under "Åtgärder", as in seed 002.

`own_handling_table(year, org_unit)` is the same table over the feedback that concerns the
municipality's own organisational units (an ordering unit, a district's own casework)
instead of a provider: seed 002's table for the beställarenhet.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When

from insyn.accounts.models import OrgUnit
from insyn.feedback.constants import (
    Concern,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    Kind,
    Source,
)

from . import queries
from .constants import Tertial
from .models import FeedbackTableNote

TITLE = "Redovisning av synpunkter och klagomål"
OWN_HANDLING_TITLE = "Synpunkter och klagomål om kommunens egen handläggning"

TERTIAL_RULE = (
    "Datum inkommen avgör tertialen: T1 januari–april, T2 maj–augusti, VB september–december. "
    "Ett ärende räknas i den tertial då det kom in, även om det hanterades senare."
)


@dataclass(frozen=True)
class Row:
    key: str
    group: str
    label: str
    filter: Q


COMPLAINT_OR_VIEW = Q(kind__in=[Kind.COMPLAINT, Kind.SUGGESTION])
DEVIATION = Q(kind=Kind.DEVIATION)

G_IVO = (
    "Antal rapporter som bedömts som allvarligt missförhållande eller påtaglig risk för "
    "missförhållande och anmälts till IVO"
)
G_DEV_BY = "Avvikelse rapporter enligt SoL - Vem har identifierat avvikelserna?"
G_PRAISE = "Beröm"
G_FROM = "Från vem har klagomål eller synpunkt inkommit?"
G_LEX = "Rapportering av lex Sarah och lex Maria"
G_CONCERN = "Vad gällde klagomålet eller synpunkten?"
G_DEV_CONCERN = "Vad har avvikelser berört?"
G_DEV_SUBJECT = "Vem avser avvikelser?"
G_FEEDBACK = "Återkoppling"
G_ACTIONS = "Åtgärder"


def _rows() -> list[Row]:
    rows = [Row("ivo_lex_sarah", G_IVO, "Lex Sarah", Q(kind=Kind.LEX_SARAH, reported_to_ivo=True))]
    rows += [
        Row(f"deviation_by_{c.value}", G_DEV_BY, c.label, DEVIATION & Q(deviation_identified_by=c))
        for c in DeviationIdentifiedBy
    ]
    rows.append(Row("praise", G_PRAISE, "Antal beröm", Q(kind=Kind.PRAISE)))
    rows += [
        Row(f"from_{c.value}", G_FROM, c.label, COMPLAINT_OR_VIEW & Q(source=c)) for c in Source
    ]
    rows.append(Row("lex_sarah", G_LEX, "Lex Sarah", Q(kind=Kind.LEX_SARAH)))
    rows.append(Row("lex_maria", G_LEX, "Lex Maria", Q(kind=Kind.LEX_MARIA)))
    rows += [
        Row(f"concern_{c.value}", G_CONCERN, c.label, COMPLAINT_OR_VIEW & Q(concern=c))
        for c in Concern
    ]
    rows += [
        Row(
            f"deviation_concern_{c.value}",
            G_DEV_CONCERN,
            c.label,
            DEVIATION & Q(deviation_concern=c),
        )
        for c in DeviationConcern
    ]
    rows += [
        Row(
            f"deviation_subject_{c.value}",
            G_DEV_SUBJECT,
            c.label,
            DEVIATION & Q(deviation_subject=c),
        )
        for c in DeviationSubject
    ]
    rows.append(
        Row(
            "feedback_given",
            G_FEEDBACK,
            "Antal klagomål där återkoppling har lämnats",
            Q(kind=Kind.COMPLAINT, feedback_given_on__isnull=False),
        )
    )
    rows.append(
        Row(
            "actions_taken",
            G_ACTIONS,
            "Antal klagomål där åtgärder vidtagits",
            Q(kind=Kind.COMPLAINT)
            & (Q(action_taken_on__isnull=False) | Q(answered_at__isnull=False)),
        )
    )
    return rows


ROWS: list[Row] = _rows()
ROW_KEYS = frozenset(row.key for row in ROWS)
COLUMNS = [t.label for t in Tertial] + ["Totalt ack. Utfall"]
HEADERS = ["Uppdelning", "Klagomål/synpunkter/kategorier", *COLUMNS]
NOTE_HEADER = "Sammanfattning och planerade åtgärder"


def tertial_bounds(year: int) -> list[tuple[Tertial, dt.date, dt.date]]:
    """(tertial, first day, first day after) for each tertial of `year`."""
    edges = [dt.date(year, 1, 1), dt.date(year, 5, 1), dt.date(year, 9, 1), dt.date(year + 1, 1, 1)]
    return [(t, edges[i], edges[i + 1]) for i, t in enumerate(Tertial)]


def tertial_of(day: dt.date) -> Tertial:
    """The tertial `day` counts in (TERTIAL_RULE), from the same bounds as the table's count."""
    return next(t for t, _, after in tertial_bounds(day.year) if day < after)


# --- Counting: the table for a year and an org unit ---------------------------------------


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
    rule: str = TERTIAL_RULE
    title: str = TITLE

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


def feedback_table_aggregate(
    year: int, org_unit: OrgUnit | None = None, items=None
) -> dict[str, list[int]]:
    """{row key: [T1, T2, VB]} for every row of the table, from ONE SQL query.

    `items` is the feedback counted (default: the feedback in the org unit's scope,
    `queries.feedback_in_scope`).

    The year's items in scope are grouped by tertial (a CASE over the date received, so an
    index on received_on can be used) and each row is a conditional COUNT over its filter.
    Rows without items are 0.
    """
    (_, t1, t2), (_, _, t3), (_, _, end) = tertial_bounds(year)
    which = Case(
        When(received_on__lt=t2, then=Value(Tertial.T1.value)),
        When(received_on__lt=t3, then=Value(Tertial.T2.value)),
        default=Value(Tertial.VB.value),
        output_field=IntegerField(),
    )
    counts = {f"n_{i}": Count("pk", filter=row.filter) for i, row in enumerate(ROWS)}
    if items is None:
        items = queries.feedback_in_scope(org_unit)
    grouped = (
        items.filter(received_on__gte=t1, received_on__lt=end)
        .order_by()
        .annotate(tertial=which)
        .values("tertial")
        .annotate(**counts)
    )
    result = {row.key: [0, 0, 0] for row in ROWS}
    for line in grouped:
        index = line["tertial"] - 1
        for i, row in enumerate(ROWS):
            result[row.key][index] = line[f"n_{i}"]
    return result


def table_notes(year: int, org_unit: OrgUnit | None) -> dict[str, str]:
    notes = FeedbackTableNote.objects.filter(year=year, org_unit=org_unit)
    return dict(notes.values_list("row_key", "text"))


def _groups(counts: dict[str, list[int]], notes: dict[str, str]) -> list[TableGroup]:
    groups: list[TableGroup] = []
    for row in ROWS:
        if not groups or groups[-1].label != row.group:
            groups.append(TableGroup(row.group))
        groups[-1].rows.append(
            TableRow(row.key, row.group, row.label, counts[row.key], notes.get(row.key, ""))
        )
    return groups


def feedback_table(year: int, org_unit: OrgUnit | None = None) -> FeedbackTable:
    """The whole table: every row of the seed (zeros included) with the saved notes."""
    counts = feedback_table_aggregate(year, org_unit)
    return FeedbackTable(year, org_unit, _groups(counts, table_notes(year, org_unit)))


def own_handling_table(year: int, org_unit: OrgUnit | None = None) -> FeedbackTable:
    """Seed 002's table for feedback about the municipality's own handling: the items that
    concern `org_unit` or a unit below it (`FeedbackItem.org_unit`, not the registering
    district); `None` means every such item in the municipality. Same rows and tertials as
    `feedback_table`, one SQL query, no saved notes (the notes belong to the main table).

    Example (seed 002, Beställarenheten för funktionsnedsättning, 2024): two complaints from
    clients received in T1, one about "Bemötande" and one about "Brister i information",
    both with återkoppling and neither with an action recorded, give "Brukare/patient" 2,
    "Bemötande" 1, "Brister i information" 1, "Antal klagomål där återkoppling har
    lämnats" 2 and "Antal klagomål där åtgärder vidtagits" 0, all in T1 and "Totalt".
    """
    counts = feedback_table_aggregate(year, org_unit, queries.feedback_about_org_units(org_unit))
    return FeedbackTable(year, org_unit, _groups(counts, {}), title=OWN_HANDLING_TITLE)

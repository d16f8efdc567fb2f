"""The layout of "Redovisning av synpunkter och klagomål" (seed 002) and what each row counts.

Every row is a filter over `feedback.FeedbackItem`; the groups and rows follow the seed's
table in its order. One addition: the seed's group "Rapportering av lex Sarah och lex Maria"
has only a "Lex Sarah" row, but Insyn also records Lex Maria reports, so a "Lex Maria" row
follows it (otherwise those reports would be counted nowhere).

"Klagomål eller synpunkt" is a feedback item of kind complaint or suggestion (synpunkt/
förslag). "Återkoppling" counts complaints where feedback to the complainant is recorded
(`feedback_given_on`); "Åtgärder" counts complaints the provider has answered with its
action (`answered_at`; the action text itself may be removed by retention, the date is not).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from insyn.feedback.constants import (
    Concern,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    Kind,
    Source,
)

from .constants import Tertial

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
            Q(kind=Kind.COMPLAINT, answered_at__isnull=False),
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
    if day.month <= 4:
        return Tertial.T1
    if day.month <= 8:
        return Tertial.T2
    return Tertial.VB

"""What each source answers, and the one small interface per source.

An implementation raises `SourceError` (a complete Swedish message) when the service cannot
answer: down, timing out, 5xx, or an answer of an unexpected shape. It never raises anything
else for those, so a failing source never blocks the others.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class SourceError(Exception):
    """The source could not answer; the message is Swedish and says why."""


@dataclass(frozen=True)
class CompanyInfo:
    org_number: str
    name: str
    status: str  # constants.CompanyStatus value
    status_date: dt.date | None = None
    board_changed_on: dt.date | None = None


@dataclass(frozen=True)
class TaxInfo:
    org_number: str
    f_tax: bool
    vat: bool
    employer: bool
    checked_on: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    reference: str
    kind: str  # constants.DecisionKind value
    decided_on: dt.date
    unit_name: str = ""
    summary: str = ""


@dataclass(frozen=True)
class ReportDocument:
    document_id: str
    period_end: dt.date


class BolagsverketSource(Protocol):
    def organisation(self, org_number: str) -> CompanyInfo: ...

    def documents(self, org_number: str) -> list[ReportDocument]: ...

    def document(self, document_id: str) -> bytes: ...


class SkatteverketSource(Protocol):
    def registration(self, org_number: str) -> TaxInfo: ...


class IvoSource(Protocol):
    def decisions(self, org_number: str) -> list[Decision]: ...

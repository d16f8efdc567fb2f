"""Financial warning signs: named rules over a provider's annual reports (newest first).

Each rule takes the reports and the settings (conf WARNINGS) and returns a Swedish sentence
when the sign is present, or None. `financial_warnings` runs them all. Thresholds are in
`settings.INSYN["SUPPLIERS"]["WARNINGS"]` (conf.py); docs/suppliers.md lists them.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from insyn.core import formatting

from . import conf


@dataclass(frozen=True)
class Warning:  # noqa: A001 - a warning sign, not Python's warning
    code: str
    text: str


def _year(report) -> str:
    return str(report.period_end.year)


def _kr(value) -> str:
    return f"{formatting.number(Decimal(value))}\xa0kr"


def negative_equity(reports, settings) -> str | None:
    """Eget kapital under noll i senaste årsredovisningen.

    Example: equity −120 000 kr for 2025 → "Eget kapital är negativt (−120 000 kr) enligt
    årsredovisningen för 2025."
    """
    latest = reports[0] if reports else None
    if latest is None or latest.equity is None or latest.equity >= 0:
        return None
    return (
        f"Eget kapital är negativt ({_kr(latest.equity)}) enligt årsredovisningen "
        f"för {_year(latest)}."
    )


def equity_below_half_share_capital(reports, settings) -> str | None:
    """Eget kapital under hälften av det registrerade aktiekapitalet (kontrollbalansräkning,
    aktiebolagslagen 25 kap. 13 §). Exactly half is not below half.

    Example: share capital 100 000, equity 49 999 → a warning; equity 50 000 → none.
    """
    latest = reports[0] if reports else None
    if latest is None or latest.equity is None or not latest.share_capital:
        return None
    if Decimal(latest.equity) * 2 >= Decimal(latest.share_capital):
        return None
    return (
        f"Eget kapital ({_kr(latest.equity)}) understiger hälften av aktiekapitalet "
        f"({_kr(latest.share_capital)}) för {_year(latest)}: bolaget kan vara skyldigt att "
        "upprätta en kontrollbalansräkning (aktiebolagslagen 25 kap. 13 §)."
    )


def losses_in_a_row(reports, settings) -> str | None:
    """Förlust (negativt årets resultat) i vart och ett av de senaste `loss_years` åren.

    Example: results −10 000 (2025) and −5 000 (2024), loss_years 2 → a warning; a profit in
    2024 → none; only one year reported → none.
    """
    years = settings["loss_years"]
    latest = reports[:years]
    if len(latest) < years or any(r.net_result is None or r.net_result >= 0 for r in latest):
        return None
    span = f"{_year(latest[-1])}–{_year(latest[0])}"
    return f"Förlust vart och ett av de senaste {years} åren ({span})."


def low_equity_ratio(reports, settings) -> str | None:
    """Soliditet under `min_equity_ratio` procent.

    Example: equity 80 000, total assets 1 000 000 → 8,0 % < 10 % → a warning; 10,0 % → none.
    """
    latest = reports[0] if reports else None
    ratio = latest.equity_ratio if latest else None
    threshold = Decimal(str(settings["min_equity_ratio"]))
    if ratio is None or ratio >= threshold:
        return None
    return (
        f"Soliditeten är {formatting.number(ratio, 1)} % för {_year(latest)}, under gränsen "
        f"{formatting.number(threshold, 1)} %."
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last_day))


def late_filing(reports, settings, today: dt.date) -> str | None:
    """Årsredovisningen inte inkommen inom `filing_months` månader från räkenskapsårets slut:
    the latest one came in late, or the next one is overdue today.

    Example: year end 2024-12-31, filed 2025-08-15 with 7 months → late (deadline
    2025-07-31); on 2026-08-01 with no report for 2025 → the 2025 report is overdue.
    """
    months = settings["filing_months"]
    latest = reports[0] if reports else None
    if latest is None:
        return None
    next_deadline = _add_months(latest.period_end, 12 + months)
    if today > next_deadline:
        return (
            f"Ingen årsredovisning för räkenskapsåret efter {formatting.date(latest.period_end)} "
            f"har kommit in, fast den skulle ha lämnats senast {formatting.date(next_deadline)}."
        )
    deadline = _add_months(latest.period_end, months)
    if latest.filed_on and latest.filed_on > deadline:
        return (
            f"Årsredovisningen för {_year(latest)} kom in {formatting.date(latest.filed_on)}, "
            f"efter sista dag {formatting.date(deadline)}."
        )
    return None


def modified_audit_opinion(reports, settings) -> str | None:
    """Revisionsberättelsen är modifierad (med reservation, avstyrkan eller upplysning), when
    the file says so."""
    latest = reports[0] if reports else None
    if latest is None or not latest.audit_opinion_modified:
        return None
    return f"Revisorn har lämnat en modifierad revisionsberättelse för {_year(latest)}."


RULES = (
    ("negative_equity", negative_equity),
    ("equity_below_half_share_capital", equity_below_half_share_capital),
    ("losses_in_a_row", losses_in_a_row),
    ("low_equity_ratio", low_equity_ratio),
    ("modified_audit_opinion", modified_audit_opinion),
)


def financial_warnings(reports, today: dt.date) -> list[Warning]:
    """Every financial warning sign of the reports (newest first), in RULES order, then late
    filing."""
    settings = conf.get("WARNINGS")
    reports = sorted(reports, key=lambda r: r.period_end, reverse=True)
    found = [Warning(code, text) for code, rule in RULES if (text := rule(reports, settings))]
    late = late_filing(reports, settings, today)
    if late:
        found.append(Warning("late_filing", late))
    return found

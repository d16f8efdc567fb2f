"""Swedish formatting outside templates (exports, PDFs, e-mails), through Babel."""

from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

LOCALE = "sv_SE"


def sek(value: Decimal | int | float | None) -> str:
    """`1234567.5` -> `1 234 567,50 kr` (non-breaking spaces, as Swedish typesetting wants)."""
    if value is None:
        return ""
    return f"{format_decimal(value, format='#,##0.00', locale=LOCALE)}\xa0kr"


def number(value, decimals: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def date(value) -> str:
    """ISO dates are what Swedish administration writes: 2026-03-01."""
    if value is None:
        return ""
    return _format_date(value, format="yyyy-MM-dd", locale=LOCALE)


def long_date(value) -> str:
    if value is None:
        return ""
    return _format_date(value, format="d MMMM y", locale=LOCALE)

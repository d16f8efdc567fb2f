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
    """`1234.5` -> `1 234,50` with `decimals=2`. Accepts the strings saved in snapshots and
    JSON (`"80.0"`, `"25,00"`) as well as numbers, so no page shows a decimal point."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value.replace("\xa0", "").replace(" ", "").replace(",", "."))
        except ArithmeticError:
            return value
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def plural(count, singular: str, plural_form: str) -> str:
    """The Swedish form that agrees with `count`: 1 ledig plats, 0 och 2 lediga platser."""
    try:
        one = abs(Decimal(str(count))) == 1
    except ArithmeticError:
        one = False
    return singular if one else plural_form


def age_range(age_min: int | None, age_max: int | None) -> str:
    """A target group's ages: `12–17 år`, `15 år` when both ends agree, `från 18 år`,
    `0–12 år`; empty when neither end is set."""
    if age_min is None and age_max is None:
        return ""
    if age_max is None:
        return f"från {age_min} år"
    low = age_min or 0
    if low == age_max:
        return f"{age_max} år"
    return f"{low}–{age_max} år"


def date(value) -> str:
    """ISO dates are what Swedish administration writes: 2026-03-01."""
    if value is None:
        return ""
    return _format_date(value, format="yyyy-MM-dd", locale=LOCALE)


def long_date(value) -> str:
    if value is None:
        return ""
    return _format_date(value, format="d MMMM y", locale=LOCALE)

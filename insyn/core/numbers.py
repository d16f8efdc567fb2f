"""The one parser of numbers typed by people: Swedish forms only, never a silent rounding.

Imports (and any form that reads free text as a number) call `parse_number`. Accepted:

* no thousand separator or spaces between groups of three (space, no-break space, narrow
  no-break space, thin space), with a decimal comma: `4250,50`, `4 250,50`, `1 200 000`;
* dots between groups of three *with* a decimal comma: `1.200,00` (what many people type);
* a plain decimal point in a number without any separator: `4250.50`;
* a leading minus (`-` or the real `−`) and a trailing `kr` or `:-`.

Refused with a Swedish reason (a ValueError the caller shows with its row and column):

* English forms (`4,250.50`, `3,999.99`, `1,234,567`): a comma as thousand separator would
  otherwise make 4,250.50 into 4.25;
* a single comma or dot followed by exactly three digits after one to three leading digits
  (`1,234`, `1.234`, `12,345`): English writes thousands that way, Swedish decimals, so the
  number means 1 000 times more or less depending on who wrote it. Write `1 234` or `1234`
  for the integer, or give the decimals another way (`1,2340`);
* more decimals than the field holds (`3 500,505` for a price with two decimals; trailing
  zeros do not count): nothing is rounded, the user writes what is meant.
"""

import re
from decimal import Decimal

_SPACE = "[ \u00a0\u202f\u2009]"
_SWEDISH = re.compile(rf"^(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:,(\d+))?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+,(\d+)$")
_POINT = re.compile(r"^\d+\.(\d+)$")
# One to three leading digits (not a lone 0) and one separator before exactly three digits:
# a thousands group in English, decimals in Swedish.
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
_ENGLISH = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_number(
    text: str, decimal_places: int | None = None, *, comma_is_decimal: bool = False
) -> Decimal | None:
    """`text` as a Decimal (None when empty); ValueError with a Swedish reason otherwise.

    `decimal_places` is what the field holds (0 for whole numbers, None for no limit); a
    value with more significant decimals is refused rather than rounded.

    `comma_is_decimal` reads the ambiguous `4,250` as 4,25 instead of refusing it: for a
    number without unit that the writer sees again as the reader will (a questionnaire
    answer is shown back as "4,25"), where a Swedish reading is right and a refusal of
    "1,125" would be in the way. Amounts keep the refusal: there it costs a factor 1 000.

    >>> parse_number("4 250,50"), parse_number("4250.50"), parse_number("1.200,00")
    (Decimal('4250.50'), Decimal('4250.50'), Decimal('1200.00'))
    """
    shown = text.strip()
    body = shown.removesuffix("kr").removesuffix(":-").strip()
    if not body:
        return None
    sign = ""
    if body[0] in "-\u2212":
        sign, body = "-", body[1:].lstrip()
    if _AMBIGUOUS.match(body) and not comma_is_decimal:
        raise ValueError(
            f"\u201d{shown}\u201d är tvetydigt: det kan betyda både "
            f"{body[:-4]} {body[-3:]} och {body[:-4]},{body[-3:]}. Skriv {body[:-4]} {body[-3:]} "
            "(mellanslag mellan tusentalen) eller med decimalkomma."
        )
    if match := _SWEDISH.match(body):
        integer, decimals = re.sub(_SPACE, "", body.split(",")[0]), match.group(1) or ""
    elif match := _DOT_GROUPED.match(body):
        integer, decimals = body.split(",")[0].replace(".", ""), match.group(1)
    elif match := _POINT.match(body):
        integer, decimals = body.split(".")[0], match.group(1)
    elif _ENGLISH.match(body):
        raise ValueError(
            f"\u201d{shown}\u201d är skrivet i engelskt talformat (komma mellan tusentalen). "
            "Skriv talet med decimalkomma och mellanslag mellan tusentalen, t.ex. 4 250,50."
        )
    else:
        raise ValueError(f"\u201d{shown}\u201d är inte ett tal. Skriv t.ex. 3 500,50.")
    return _within(Decimal(f"{sign}{integer}.{decimals or '0'}"), decimals, decimal_places, shown)


def check_decimal_places(value: Decimal, decimal_places: int | None, shown: str) -> Decimal:
    """`value` when it has no more significant decimals than the field holds, else ValueError.

    For numbers that arrive as numbers (spreadsheet cells), with the same message as text."""
    exponent = value.normalize().as_tuple().exponent
    # After normalize() the exponent counts the significant decimals (placeholder digits).
    decimals = "1" * -exponent if isinstance(exponent, int) and exponent < 0 else ""
    return _within(value, decimals, decimal_places, shown)


def _within(value: Decimal, decimals: str, decimal_places: int | None, shown: str) -> Decimal:
    if decimal_places is None or len(decimals.rstrip("0")) <= decimal_places:
        return value
    if decimal_places == 0:
        raise ValueError(f"\u201d{shown}\u201d är inte ett heltal.")
    raise ValueError(
        f"\u201d{shown}\u201d har fler decimaler än fältet rymmer (högst {decimal_places}). "
        "Inget avrundas: skriv värdet med högst "
        f"{decimal_places} decimaler."
    )

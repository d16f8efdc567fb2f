"""The one place that finds Swedish identity numbers (personnummer, samordningsnummer) in text.

Every masking, validation, publication check and log in Insyn goes through this module; a
test (core/tests/test_identity.py) fails if another module compiles its own pattern.

What counts as an identity number:
- 10 digits (YYMMDDNNNC) or 12 digits (CCYYMMDDNNNC), with or without century;
- between the date and the last four digits nothing, or a short run (up to three characters)
  of any dash (hyphen, en/em dash, minus sign, U+2010 …), `+`, dot, or white space, including
  the non-breaking and thin spaces and the invisible characters word processors insert;
- python-stdnum confirms it: the Luhn check digit on the ten last digits (stdnum's `luhn`)
  and a real birth date (stdnum's `personnummer`), where a samordningsnummer has its day
  plus 60 (stdnum does not know samordningsnummer, so the day is taken back before the date
  check);
- it is not part of a longer run of digits (account numbers, OCR references).

Organisation numbers of legal entities (556xxx-xxxx) have a "month" of 20 or more, so never
a date, and are left alone. A sole trader's organisation number is the owner's personnummer
and is found like any other.
"""

import re

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer

# Every character someone (or a word processor) may put between the date and the last four:
# ASCII hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen, U+2012 figure dash, U+2013
# en dash, U+2014 em dash, U+2015 horizontal bar, U+2212 minus sign, U+FE63 small hyphen,
# U+FF0D fullwidth hyphen, plus, dot, any white space (\s covers no-break, thin and narrow
# spaces), and the invisible U+00AD soft hyphen, U+200B–U+200D and U+2060/U+FEFF.
_SEPARATOR = (
    "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d+.\\s"
    "\u00ad\u200b\u200c\u200d\u2060\ufeff]"
)
_CANDIDATE = re.compile(
    rf"(?<![0-9])(?P<century>[0-9]{{2}})?(?P<date>[0-9]{{6}})(?P<sep>{_SEPARATOR}{{0,3}})"
    r"(?P<last4>[0-9]{4})(?![0-9])"
)
SAMORDNING_DAY_OFFSET = 60
HIDDEN = "****"


def _has_birth_date(century: str, date: str, last4: str) -> bool:
    """stdnum's date rules; a 10-digit number is tried as under and over 100 years old."""
    for separator in ("-", "+") if not century else ("-",):
        try:
            personnummer.get_birth_date(f"{century}{date}{separator}{last4}")
            return True
        except StdnumError:
            continue
    return False


def is_identity_number(century: str, date: str, last4: str) -> bool:
    """The parts (century may be empty) form a personnummer or samordningsnummer."""
    if not luhn.is_valid(date + last4):
        return False
    day = int(date[4:6])
    if day > SAMORDNING_DAY_OFFSET:
        date = f"{date[:4]}{day - SAMORDNING_DAY_OFFSET:02d}"
    return _has_birth_date(century, date, last4)


def _matches(text: str):
    """Confirmed identity numbers as regex matches, left to right. After a candidate that is
    not one, the search resumes one character later, so an overlapping number is not missed."""
    text = text or ""
    position = 0
    while match := _CANDIDATE.search(text, position):
        if is_identity_number(match["century"] or "", match["date"], match["last4"]):
            yield match
            position = match.end()
        else:
            position = match.start() + 1


def find_identity_numbers(text: str) -> list[str]:
    """Every identity number in `text`, as written."""
    return [match.group(0) for match in _matches(text)]


def contains_identity_number(text: str) -> bool:
    return next(_matches(text), None) is not None


def mask_identity_numbers(text: str, replacement: str | None = None) -> str:
    """`text` with every identity number hidden. By default the date stays and the last four
    become `****` (staff can still tell cases apart); with `replacement`, the whole number is
    replaced by it (published texts, where even a birth date is too much)."""
    if not text:
        return text or ""
    parts, position = [], 0
    for match in _matches(text):
        parts.append(text[position : match.start()])
        if replacement is not None:
            parts.append(replacement)
        else:
            parts.append(f"{match['century'] or ''}{match['date']}-{HIDDEN}")
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


IDENTITY_NUMBER_MESSAGE = "Fältet får inte innehålla ett personnummer eller samordningsnummer."


def validate_no_identity_number(value: str) -> None:
    """Form and model validator: refuses text with an identity number in it."""
    if contains_identity_number(value):
        raise ValidationError(IDENTITY_NUMBER_MESSAGE, code="identity_number")

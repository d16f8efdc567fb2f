"""Detect and mask Swedish identity numbers (personnummer, samordningsnummer) in free text.

Candidates are found with a regex (6 or 8 digits, an optional separator, 4 digits); a
candidate is masked only when python-stdnum confirms it. Samordningsnummer (day + 60) are
checked with stdnum's Luhn check on the digits as written and stdnum's birth-date rules on the
day minus 60. Sole traders' organisation numbers are their personnummer and so are masked too;
company organisation numbers (third digit >= 2, no valid birth date) are public and left alone.
"""

import re

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer

MASK = "****"
# Not preceded/followed by a digit so parts of longer numbers (accounts, phones) are skipped.
CANDIDATE = re.compile(r"(?<![\d])(?:(\d{2})(\d{6})|(\d{6}))([-+ ]?)(\d{4})(?![\d])")


def _is_identity_number(century: str, date: str, sep: str, last4: str) -> bool:
    separator = "+" if sep == "+" else "-"
    digits10 = date + last4
    try:
        if personnummer.is_valid(f"{century}{date}{separator}{last4}"):
            return True
        day = int(date[4:6])
        if 61 <= day <= 91 and luhn.is_valid(digits10):
            adjusted = f"{century}{date[:4]}{day - 60:02d}{separator}{last4}"
            personnummer.get_birth_date(adjusted)
            return True
    except StdnumError:
        return False
    return False


def find_identity_numbers(text: str) -> list[str]:
    found = []
    for match in CANDIDATE.finditer(text or ""):
        century, date8, date6, sep, last4 = match.groups()
        date = date8 or date6
        if _is_identity_number(century or "", date, sep, last4):
            found.append(match.group(0))
    return found


def mask(text: str) -> str:
    """Replace every confirmed identity number with its date part and "-****"."""
    if not text:
        return text or ""

    def replace(match):
        century, date8, date6, sep, last4 = match.groups()
        date = date8 or date6
        if not _is_identity_number(century or "", date, sep, last4):
            return match.group(0)
        return f"{century or ''}{date}-{MASK}"

    return CANDIDATE.sub(replace, text)


def has_identity_number(text: str) -> bool:
    return bool(find_identity_numbers(text))

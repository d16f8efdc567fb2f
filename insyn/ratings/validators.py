"""The client is known in Insyn only by the case system's reference: never a personnummer."""

import re

from django.core.exceptions import ValidationError
from stdnum.se import personnummer

# 6 or 8 digits, an optional separator (-, +, space), 4 digits: every way a personnummer or
# samordningsnummer is usually written.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?(\d{4})(?!\d)")


def contains_personnummer(text: str) -> bool:
    return any(personnummer.is_valid(m.group(0)) for m in _CANDIDATE.finditer(text or ""))


def validate_no_personnummer(value: str):
    if contains_personnummer(value):
        raise ValidationError(
            "Fältet får inte innehålla ett personnummer. Ange bara ärendets referens från "
            "verksamhetssystemet (t.ex. diarie- eller ärendenummer), aldrig namn eller "
            "personnummer.",
            code="personnummer",
        )

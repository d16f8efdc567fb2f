"""Validation of organisationsnummer through python-stdnum (never hand-written check digits)."""

from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def normalize_org_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN when valid; leave anything else untouched for validation."""
    try:
        return orgnr.format(orgnr.validate(value or ""))
    except StdnumError:
        return value


def validate_org_number(value: str) -> None:
    try:
        orgnr.validate(value or "")
    except StdnumError as exc:
        raise ValidationError(
            "Ogiltigt organisationsnummer %(value)s: ange tio siffror med korrekt kontrollsiffra, "
            "t.ex. 556036-0793.",
            params={"value": value},
            code="invalid_org_number",
        ) from exc


def org_number_with_check_digit(body: str) -> str:
    """Append the Luhn check digit (python-stdnum) to nine digits, for demo and test data."""
    from stdnum import luhn

    digits = f"{body}{luhn.calc_check_digit(body)}"
    return orgnr.format(digits)

"""Step 2, convert: one raw cell into its model field's Python value, or a Swedish reason.

`convert(owner, column, raw)` picks the converter for the column's type (`Column.type` in
`columns.py`); each converter returns the value or raises ValueError with the message the
row report shows. Limits come from the register itself: a text's length from the model
field's `max_length`, e-mail and web addresses through the model field's own validators, the
organisationsnummer through `insyn.registry.validators`, a number's digits and decimals from
the model's DecimalField, an integer's range from Django's range for the field's type.
"""

import functools
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations

from insyn.core.text import reject_control_characters

from ...constants import ContractType, OperationForm, TargetGender
from ...models import Contract, ContractRequirement, Provider, Unit
from ...validators import normalize_org_number, validate_org_number
from ..columns import REQUIREMENT_SEPARATOR, Column
from ..readers import parse_bool, parse_date, parse_decimal, parse_int, parse_text

MODELS = {"provider": Provider, "unit": Unit, "contract": Contract}
CHOICES = {
    ("provider", "operation_form"): OperationForm,
    ("unit", "target_gender"): TargetGender,
    ("contract", "contract_type"): ContractType,
}
CHOICE_DEFAULTS = {
    ("provider", "operation_form"): OperationForm.PRIVATE,
    ("unit", "target_gender"): TargetGender.ANY,
}
MISSING = "Värde saknas. Fyll i kolumnen."
_REQUIREMENT = re.compile(r"^([^:]*):(.*)$", re.S)


def convert(owner: str, column: Column, raw):
    """`raw` (a CSV string or an XLSX cell value) as the value of `owner`'s field `column.key`."""
    return CONVERTERS[column.type](owner, column, raw)


@functools.cache
def model_field(model, name):
    return model._meta.get_field(name)


@functools.lru_cache(maxsize=65536)
def normalised_org(value: str) -> str:
    """NNNNNN-NNNN, or ValidationError from the register's validator.

    A provider's number repeats on each of its units' rows; it is checked once."""
    validate_org_number(value)
    return normalize_org_number(value)


# --- one converter per column type --------------------------------------------------------


def convert_text(owner, column, raw) -> str:
    value = reject_control_characters(parse_text(raw))
    if column.required and not value:
        raise ValueError(MISSING)
    max_length = model_field(MODELS[owner], column.key).max_length
    if max_length and len(value) > max_length:
        raise ValueError(
            f"Texten är {len(value)} tecken lång; högst {max_length} tecken får plats."
        )
    return value


def convert_plain(owner, column, raw) -> str:
    """Text that is no field of its own: references, unit lists, requirements."""
    value = reject_control_characters(parse_text(raw))
    if column.required and not value:
        raise ValueError(MISSING)
    return value


def convert_email(owner, column, raw) -> str:
    value = convert_text(owner, column, raw)
    if value and not _valid(owner, column, value):
        raise ValueError(f"\u201d{value}\u201d är inte en giltig e-postadress.")
    return value


def convert_url(owner, column, raw) -> str:
    value = convert_text(owner, column, raw)
    # The field also takes ftp://; a provider's web site is shown as a link, so http(s) only.
    if value and (
        not value.casefold().startswith(("http://", "https://")) or not _valid(owner, column, value)
    ):
        raise ValueError(
            f"\u201d{value}\u201d är inte en giltig webbadress; den ska börja med https://."
        )
    return value


def _valid(owner, column, value) -> bool:
    try:
        model_field(MODELS[owner], column.key).run_validators(value)
    except ValidationError:
        return False
    return True


def convert_id(owner, column, raw) -> str:
    value = reject_control_characters(parse_text(raw))
    if value and not value.isdigit():
        raise ValueError(f"\u201d{value}\u201d är inte ett id (ett heltal).")
    return value


def convert_org_number(owner, column, raw) -> str:
    value = parse_text(raw)
    if not value:
        raise ValueError("Organisationsnummer saknas. Fyll i kolumnen.")
    try:
        return normalised_org(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc


def convert_choice(owner, column, raw) -> str:
    choices = CHOICES[(owner, column.key)]
    text = parse_text(raw)
    if not text:
        if column.required:
            raise ValueError(MISSING)
        return CHOICE_DEFAULTS[(owner, column.key)]
    for value, label in choices.choices:
        if text.casefold() in {value.casefold(), label.casefold()}:
            return value
    valid = ", ".join(label for _, label in choices.choices)
    raise ValueError(f"Okänt värde \u201d{text}\u201d. Giltiga värden är: {valid}.")


def convert_bool(owner, column, raw) -> bool:
    return parse_bool(raw)


def convert_date(owner, column, raw):
    value = parse_date(raw)
    if value is None and column.required:
        raise ValueError("Datum saknas. Skriv datum som ÅÅÅÅ-MM-DD.")
    return value


def convert_int(owner, column, raw) -> int | None:
    value = parse_int(raw)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"Värdet får inte vara negativt ({value}).")
    if value > _int_max(MODELS[owner], column.key):
        raise ValueError("Talet är för stort.")
    return value


@functools.cache
def _int_max(model, name) -> int:
    # The range every database takes for this kind of field (SQLite alone takes more).
    internal_type = model_field(model, name).get_internal_type()
    return BaseDatabaseOperations.integer_field_ranges[internal_type][1]


def convert_decimal(owner, column, raw) -> Decimal | None:
    """A price or value: Swedish number, not negative, at most the field's digits and decimals."""
    field = model_field(MODELS[owner], column.key)
    value = parse_decimal(raw, decimal_places=field.decimal_places)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"Värdet får inte vara negativt ({raw}).")
    if value and value.adjusted() >= field.max_digits - field.decimal_places:
        raise ValueError("Talet är för stort.")
    # Exact: the parser refused more decimals than the field holds, so this only pads zeros.
    return value.quantize(Decimal(1).scaleb(-field.decimal_places))


CONVERTERS = {
    "text": convert_text,
    "email": convert_email,
    "url": convert_url,
    "id": convert_id,
    "ref": convert_plain,
    "list": convert_plain,
    "requirements": convert_plain,
    "org_number": convert_org_number,
    "choice": convert_choice,
    "bool": convert_bool,
    "date": convert_date,
    "int": convert_int,
    "decimal": convert_decimal,
}


def split_requirements(text: str) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """A contract's `Krav` cell as (clause, text, essential) triples, and a reason for each
    bad item.

    Items are separated by `|`; an item is `clause: text`, or just a text without clause.
    A `*` right after the clause marks a väsentligt kvalitetskrav: `5.2*: Rutiner för
    avvikelser` → ("5.2", "Rutiner för avvikelser", True); `*: Text` has no clause."""
    items, problems = [], []
    clause_max = model_field(ContractRequirement, "clause").max_length
    text_max = model_field(ContractRequirement, "text").max_length
    for part in (text or "").split(REQUIREMENT_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        match = _REQUIREMENT.match(part)
        clause, requirement = (
            (match.group(1).strip(), match.group(2).strip()) if match else ("", part)
        )
        essential = clause.endswith("*")
        if essential:
            clause = clause[:-1].strip()
        if not requirement:
            problems.append(f"Kravet \u201d{part}\u201d saknar text efter avtalspunkten.")
        elif len(clause) > clause_max or len(requirement) > text_max:
            problems.append(
                f"Kravet \u201d{part[:40]}…\u201d är för långt: avtalspunkten får vara högst "
                f"{clause_max} tecken och kravtexten högst {text_max}."
            )
        else:
            items.append((clause, requirement, essential))
    return items, problems

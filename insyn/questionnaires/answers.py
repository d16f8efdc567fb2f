"""What an answer means: validation per answer type and whether it meets the requirement."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from insyn.core import formatting
from insyn.core.numbers import parse_number

from .constants import SCALE_MAX, SCALE_NOT_MET_AT_OR_BELOW, AnswerType, YesNoPartly


def clean_value(question, raw) -> str:
    """Normalise a raw answer to its stored text, or raise a Swedish ValidationError naming
    the question and what to do."""
    value = "" if raw is None else str(raw).strip()
    if value == "":
        return ""
    kind = question.answer_type
    label = f"Frågan ”{question.text}”"
    if kind == AnswerType.YES_NO_PARTLY:
        if value not in YesNoPartly.values:
            raise ValidationError(f"{label} ska besvaras med Ja, Nej eller Delvis.")
    elif kind == AnswerType.SCALE:
        if not value.isdigit() or not 1 <= int(value) <= SCALE_MAX:
            raise ValidationError(f"{label} ska besvaras med en siffra från 1 till {SCALE_MAX}.")
        value = str(int(value))
    elif kind == AnswerType.NUMBER:
        # The one parser of typed numbers: "4 250" (also with a no-break space) is 4250,
        # "4.250,5" is 4250,5, and "4,250" is 4,25 as Swedish writes it.
        try:
            number = parse_number(value, comma_is_decimal=True)
        except ValueError as exc:
            raise ValidationError(
                f"{label} ska besvaras med ett tal, t.ex. 12, 3,5 eller 4 250. {exc}"
            ) from exc
        value = format(number.normalize(), "f")
    elif kind == AnswerType.DATE:
        try:
            value = dt.date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise ValidationError(
                f"{label} ska besvaras med ett datum i formen ÅÅÅÅ-MM-DD, t.ex. 2026-03-15."
            ) from exc
    return value


def assess(question, value: str, has_file: bool = False) -> str | None:
    """met / partly / not_met / noted for an answer, or None when it is unanswered."""
    from insyn.followup.constants import Assessment

    kind = question.answer_type
    if kind == AnswerType.ATTACHMENT:
        return Assessment.MET if has_file else None
    if value == "":
        return None
    if kind == AnswerType.YES_NO_PARTLY:
        return {
            YesNoPartly.YES: Assessment.MET,
            YesNoPartly.PARTLY: Assessment.PARTLY,
            YesNoPartly.NO: Assessment.NOT_MET,
        }[value]
    if kind == AnswerType.SCALE:
        return Assessment.NOT_MET if int(value) <= SCALE_NOT_MET_AT_OR_BELOW else Assessment.MET
    return Assessment.NOTED


def display(question, value: str) -> str:
    """A stored answer as a reader sees it, in Swedish: the choice's label ("Ja", "Delvis"),
    "4 av 5", and numbers as Swedish write them ("1 234,5") with the decimals given."""
    if question.answer_type == AnswerType.YES_NO_PARTLY and value in YesNoPartly.values:
        return YesNoPartly(value).label
    if question.answer_type == AnswerType.SCALE and value:
        return f"{value} av {SCALE_MAX}"
    if question.answer_type == AnswerType.NUMBER and value:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value  # stored before validation existed: show it as written
        if number.is_finite():
            return formatting.number(number, max(0, -number.as_tuple().exponent))
    return value

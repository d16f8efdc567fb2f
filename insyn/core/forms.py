"""Form fields shared by the apps: numbers as Swedes type them ("4 250,50", "36 900 000").

Django's localized DecimalField reads "4250,50" but refuses a space between the thousands
("Fyll i ett tal."), which is how amounts are written in Swedish. These fields read the text
through `insyn.core.numbers.parse_number`, the one parser of typed numbers (the register
import uses it too), so a form and an import accept and refuse the same things, and show
the value back with a decimal comma and spaces between the thousands.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from .formatting import number as sv_number
from .numbers import parse_number


class SwedishNumberInput(forms.TextInput):
    """A text input (a number input would refuse the decimal comma in the browser) that
    shows a saved value the Swedish way: `Decimal("36900000.00")` as "36 900 000,00"."""

    def __init__(self, attrs=None, decimal_places: int | None = 0):
        self.decimal_places = decimal_places
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The phone's keyboard: digits, and the comma where the field holds decimals.
        mode = "numeric" if self.decimal_places == 0 else "decimal"
        context["widget"]["attrs"].setdefault("inputmode", mode)
        return context

    def format_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            places = self.decimal_places
            if places is None:  # as many decimals as the value has
                exponent = Decimal(value).normalize().as_tuple().exponent
                places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            return sv_number(value, places)
        return super().format_value(value)


def _parsed(field, value, decimal_places):
    """`value` (text from a form, or a number already) through `parse_number`; a refusal
    becomes a ValidationError naming the field."""
    if value in field.empty_values:
        return None
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return Decimal(value)
    try:
        number = parse_number(str(value), decimal_places)
    except ValueError as exc:
        label = field.label or "Fältet"
        raise ValidationError(f"{label}: {exc}", code="invalid") from exc
    if number is None or decimal_places is None:
        return number
    # parse_number reads "40000" as 40000.0; at the field's own places (nothing is lost, it
    # has checked that) Django's decimal-places validator does not count a placeholder zero.
    try:
        return number.quantize(Decimal(1).scaleb(-decimal_places))
    except InvalidOperation:  # too many digits: the max_digits validator says so
        return number


class SwedishDecimalField(forms.DecimalField):
    """A DecimalField that reads "4 250,50", "4250,50", "1.200,00" and "4250.50" (what the API
    sends); refuses English forms and ambiguous "1,234" with `parse_number`'s reason, and
    more decimals than the field holds instead of rounding them."""

    widget = SwedishNumberInput

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        if isinstance(self.widget, SwedishNumberInput):
            self.widget.decimal_places = self.decimal_places

    def to_python(self, value):
        return _parsed(self, value, self.decimal_places)


class SwedishIntegerField(forms.IntegerField):
    """An IntegerField that reads "36 900 000" and "1 200"; a number with decimals ("12,5")
    is refused with the field's name rather than rounded."""

    widget = SwedishNumberInput

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        number = _parsed(self, value, 0)
        return None if number is None else int(number)

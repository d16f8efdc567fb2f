"""Form fields that read numbers as Swedes type them (insyn/core/forms.py)."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from insyn.core.forms import SwedishDecimalField, SwedishIntegerField


class PriceForm(forms.Form):
    price = SwedishDecimalField(label="Pris per dygn", max_digits=10, decimal_places=2)
    places = SwedishIntegerField(label="Antal platser", required=False)


def swedish(value: Decimal, separator: str) -> str:
    """`value` with a decimal comma and `separator` between groups of three, by hand."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{separator.join(groups)},{fraction}"


@given(
    value=st.decimals(
        min_value=Decimal("-99999999.99"),
        max_value=Decimal("99999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    separator=st.sampled_from([" ", "\u00a0", "\u202f", "\u2009", ""]),
)
def test_a_decimal_written_the_swedish_way_parses_back_equal(value, separator):
    field = PriceForm.base_fields["price"]
    assert field.clean(swedish(value, separator)) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0"]))
def test_an_integer_with_spaces_between_the_thousands_parses_back_equal(value, separator):
    text = f"{value:,}".replace(",", separator)
    assert PriceForm.base_fields["places"].clean(text) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4 250,50", Decimal("4250.50")),
        ("4\u00a0250,50", Decimal("4250.50")),
        ("36 900 000", Decimal("36900000.00")),
        ("4.250,5", Decimal("4250.50")),
        ("3500,50", Decimal("3500.50")),
        ("3500.50", Decimal("3500.50")),  # what the API sends
        ("1 200 kr", Decimal("1200.00")),
    ],
)
def test_swedish_forms_are_read(raw, expected):
    form = PriceForm({"price": raw})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("4,250.50", "engelskt talformat"),
        ("1,234", "tvetydigt"),
        ("3 500,505", "fler decimaler än fältet rymmer (högst 2)"),
        ("tretusen", "inte ett tal"),
    ],
)
def test_refusals_name_the_field_and_say_why(raw, says):
    form = PriceForm({"price": raw})
    assert not form.is_valid()
    [message] = form.errors["price"]
    assert message.startswith("Pris per dygn: ")
    assert says in message
    assert "Fyll i ett tal" not in message


def test_integer_field_refuses_decimals_by_name_rather_than_rounding():
    form = PriceForm({"price": "1", "places": "12,5"})
    assert not form.is_valid()
    assert form.errors["places"] == ["Antal platser: \u201d12,5\u201d är inte ett heltal."]


def test_saved_value_is_shown_with_decimal_comma_and_spaces():
    form = PriceForm(initial={"price": Decimal("36900000.00"), "places": 1200})
    html = str(form["price"])
    assert 'value="36\u00a0900\u00a0000,00"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="1\u00a0200"' in str(form["places"])
    # What is shown is read back as the same value.
    assert PriceForm.base_fields["price"].clean("36\u00a0900\u00a0000,00") == Decimal("36900000")


def test_a_bound_form_shows_back_what_was_typed():
    form = PriceForm({"price": "4 250,505"})
    assert not form.is_valid()
    assert 'value="4 250,505"' in str(form["price"])

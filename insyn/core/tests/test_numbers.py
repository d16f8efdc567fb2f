"""The one number parser: Swedish forms in, English or ambiguous forms and extra decimals out."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyn.core.formatting import number as swedish_number
from insyn.core.numbers import check_decimal_places, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 250,50", Decimal("4250.50")),
        ("4\u00a0250,50", Decimal("4250.50")),
        ("4250,50", Decimal("4250.50")),
        ("4250.50", Decimal("4250.50")),
        ("1.200,00", Decimal("1200.00")),
        ("1 200 000", Decimal("1200000")),
        ("1234,5", Decimal("1234.5")),
        ("−12,5", Decimal("-12.5")),
        ("3 500 kr", Decimal("3500")),
        ("3500,500", Decimal("3500.500")),  # trailing zeros are no extra decimals
        ("  ", None),
    ],
)
def test_it_reads_swedish_forms(text, expected):
    assert parse_number(text, decimal_places=2) == expected


@pytest.mark.parametrize("text", ["4,250.50", "3,999.99", "1,234,567", "12,345.6"])
def test_english_format_is_refused_not_read_a_thousand_times_too_small(text):
    with pytest.raises(ValueError, match="engelskt talformat"):
        parse_number(text, decimal_places=2)


@pytest.mark.parametrize("text", ["1,234", "1.234", "12,345", "999,000", "-1,000"])
def test_one_separator_before_three_digits_is_ambiguous_and_refused(text):
    # "1,234" is 1234 to an English spreadsheet and 1.234 to a Swedish one.
    with pytest.raises(ValueError, match="tvetydigt"):
        parse_number(text, decimal_places=2)


def test_ambiguous_number_is_refused_even_where_the_field_holds_three_decimals():
    with pytest.raises(ValueError, match="tvetydigt"):
        parse_number("12,345", decimal_places=3)


@pytest.mark.parametrize("text", ["3 999,999", "4250.505", "0,001"])
def test_more_decimals_than_the_field_holds_is_refused_never_rounded(text):
    with pytest.raises(ValueError, match="högst 2"):
        parse_number(text, decimal_places=2)


def test_without_a_limit_any_number_of_decimals_is_read():
    assert parse_number("0,125") == Decimal("0.125")


def test_whole_number_field_refuses_a_fraction():
    assert parse_number("12", decimal_places=0) == 12
    with pytest.raises(ValueError, match="inte ett heltal"):
        parse_number("2,5", decimal_places=0)


@pytest.mark.parametrize("text", ["3,500,00", "42 50,50", "1 2,3", "tre", "4 250.50"])
def test_other_forms_are_not_numbers(text):
    with pytest.raises(ValueError, match="inte ett tal"):
        parse_number(text)


def test_numbers_given_as_numbers_are_checked_for_decimals_too():
    assert check_decimal_places(Decimal("3500.50"), 2, "3500,5") == Decimal("3500.50")
    with pytest.raises(ValueError, match="högst 2"):
        check_decimal_places(Decimal("3999.999"), 2, "3999,999")


prices = st.decimals(
    min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2, allow_nan=False
)


@given(prices)
def test_swedish_grouped_numbers_read_back_exactly(value):
    # The way Insyn itself writes numbers: no-break spaces between thousands, decimal comma.
    assert parse_number(swedish_number(value, decimals=2), decimal_places=2) == value


@given(prices, st.sampled_from(["{:,.2f}", "{:,.1f}", "{:,.0f}", "{:.2f}", "{:,}"]))
def test_english_formatted_numbers_are_read_exactly_or_refused_never_misread(value, pattern):
    text = pattern.format(value)
    try:
        parsed = parse_number(text, decimal_places=2)
    except ValueError:
        return
    assert parsed == Decimal(text.replace(",", ""))


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False))
def test_a_third_decimal_is_never_rounded_away(value):
    text = format(value, "f").replace(".", ",")
    if value == value.quantize(Decimal("0.01")):
        return
    with pytest.raises(ValueError):
        parse_number(text, decimal_places=2)

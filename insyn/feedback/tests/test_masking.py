"""Identity numbers in free text are found with python-stdnum and masked."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from insyn.core.identity import find_identity_numbers
from insyn.core.identity import mask_identity_numbers as mask


def test_masks_personnummer_in_every_common_form():
    text = "Gäller 850709-9805, 19850709-9805 och 8507099805."
    assert mask(text) == "Gäller 850709-****, 19850709-**** och 850709-****."


def test_masks_samordningsnummer():
    # Day 09 + 60 = 69; check digit computed with stdnum's Luhn.
    digits = "850769980"
    number = digits[:6] + "-" + digits[6:] + luhn.calc_check_digit(digits)
    assert find_identity_numbers(f"Samordningsnummer {number}") == [number]
    assert "980" not in mask(number).split("-")[1]


def test_leaves_company_org_numbers_phone_numbers_and_bad_check_digits_alone():
    text = "Org.nr 556036-0793, tel 0701234567, fel kontrollsiffra 850709-9804."
    assert mask(text) == text
    assert find_identity_numbers(text) == []


def test_does_not_mask_digits_inside_longer_numbers():
    text = "Bankgiro 1234850709980512"
    assert mask(text) == text


@given(
    birth=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    prefix=st.text(alphabet="abc åäö.,", max_size=10),
)
def test_any_valid_personnummer_is_masked(birth, serial, prefix):
    digits = f"{birth:%y%m%d}{serial:03d}"
    number = f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"
    masked = mask(f"{prefix} {number} slut")
    assert number not in masked
    assert f"{birth:%y%m%d}-****" in masked

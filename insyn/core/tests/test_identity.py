"""The one identity-number finder (insyn.core.identity): every way a personnummer or
samordningsnummer is written is found and masked; ordinary numbers are left alone."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from insyn.core.identity import (
    contains_identity_number,
    find_identity_numbers,
    mask_identity_numbers,
    validate_no_identity_number,
)

# Every separator the finder must see through (the list and then some).
SEPARATORS = [
    "",
    "-",
    "+",
    " ",
    "  ",  # double space
    ".",
    "\u2013",  # en dash, inserted by word processors
    "\u2014",  # em dash
    "\u2010",  # hyphen
    "\u2011",  # non-breaking hyphen
    "\u2212",  # minus sign
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u2009",  # thin space
    "\u200b",  # zero-width space
    " - ",
    "\u00a0\u2013\u00a0",
]


def number(birth: dt.date, serial: int, *, century: bool, samordning: bool, sep: str) -> str:
    day = birth.day + (60 if samordning else 0)
    digits = f"{birth:%y%m}{day:02d}{serial:03d}"
    check = luhn.calc_check_digit(digits)
    prefix = f"{birth.year // 100}" if century else ""
    return f"{prefix}{digits[:6]}{sep}{digits[6:]}{check}"


identity_numbers = st.builds(
    number,
    birth=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2030, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    century=st.booleans(),
    samordning=st.booleans(),
    sep=st.sampled_from(SEPARATORS),
)
surrounding_text = st.text(alphabet="abc åäö,:()\n", max_size=8)


@given(n=identity_numbers, before=surrounding_text, after=surrounding_text)
def test_every_form_of_identity_number_is_found_and_masked(n, before, after):
    text = f"{before} {n} {after}"
    assert find_identity_numbers(text) == [n]
    masked = mask_identity_numbers(text)
    assert not contains_identity_number(masked)
    assert n[-4:] not in masked.replace(f"{before} ", "", 1)
    assert mask_identity_numbers(text, "[borttaget]") == f"{before} [borttaget] {after}"


@given(n=identity_numbers, wrong=st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_not_an_identity_number(n, wrong):
    bad = f"{n[:-1]}{(int(n[-1]) + wrong) % 10}"
    assert find_identity_numbers(f"nr {bad}") == []


@given(
    body=st.integers(min_value=0, max_value=99_999_999),
    third=st.integers(min_value=2, max_value=9),
    first=st.integers(min_value=1, max_value=9),
    sep=st.sampled_from(SEPARATORS),
)
def test_legal_entity_org_numbers_are_not_identity_numbers(body, third, first, sep):
    # A legal entity's number has a "month" of 20 or more (third digit >= 2): never a date.
    digits = f"{first}{body:08d}"
    digits = f"{digits[:2]}{third}{digits[3:]}"
    org = f"{digits[:6]}{sep}{digits[6:]}{luhn.calc_check_digit(digits)}"
    assert find_identity_numbers(f"Org.nr {org}") == []


@given(
    area=st.sampled_from(["070", "072", "073", "076", "079"]),
    rest=st.integers(min_value=0, max_value=9_999_999),
)
def test_phone_numbers_as_usually_written_are_not_identity_numbers(area, rest):
    r = f"{rest:07d}"
    for phone in (f"{area}-{r[:3]} {r[3:5]} {r[5:]}", f"08-{r[:3]} {r[3:5]} {r[5:]}"):
        assert find_identity_numbers(f"Ring {phone}") == []


@pytest.mark.parametrize(
    "text",
    [
        "Org.nr 556036-0793",
        "Tel 031-365 00 00",
        "Diarienr SN-2024-0012",
        "Bankgiro 1234850709980512",  # a personnummer inside a longer number
        "850709-98051",
        "IFO-2026-00123",
        "DNR 1234567890",
        "811218-9875",  # wrong check digit
        "811298-9879",  # check digit right, but day 98 - 60 = 38: no such date
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    assert find_identity_numbers(text) == []
    assert mask_identity_numbers(text) == text


def test_hand_written_examples_are_found():
    # 811218-9876 is valid; samordningsnummer 811278-9873 is day 18 + 60.
    text = (
        "A 811218–9876, B 19811218\u00a09876, C 811218\u20109876, D 811218\u22129876, "
        "E 811218  9876, F 811218.9876, G 811278-9873, H 198112189876."
    )
    assert find_identity_numbers(text) == [
        "811218–9876",
        "19811218\u00a09876",
        "811218\u20109876",
        "811218\u22129876",
        "811218  9876",
        "811218.9876",
        "811278-9873",
        "198112189876",
    ]
    assert mask_identity_numbers("Gäller 811218–9876.") == "Gäller 811218-****."
    assert mask_identity_numbers("Gäller 19811218 9876.") == "Gäller 19811218-****."


def test_an_invalid_candidate_does_not_hide_an_overlapping_number():
    # "12" + "811218" is no date with a valid check digit; the number after it still counts.
    assert find_identity_numbers("x1 811218-9876") == ["811218-9876"]


def test_validator_refuses_text_with_an_identity_number():
    validate_no_identity_number("Ärende IFO-2026-00123")
    with pytest.raises(ValidationError, match="personnummer"):
        validate_no_identity_number("Ärende 811218–9876")


PATTERN_OF_A_NUMBER = re.compile(r"(\\d|\[0-9\])\{(6|8|10|12)\}|stdnum\.se import .*personnummer")


def test_no_other_module_has_its_own_identity_number_detector():
    repo = Path(__file__).resolve().parents[3]
    own = {repo / "insyn" / "core" / "identity.py", Path(__file__).resolve()}
    offenders = [
        str(path.relative_to(repo))
        for folder in ("insyn", "tests")
        for path in (repo / folder).rglob("*.py")
        if path not in own
        and "migrations" not in path.parts
        and PATTERN_OF_A_NUMBER.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

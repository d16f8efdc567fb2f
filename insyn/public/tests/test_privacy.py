"""What counts as personal data in published texts (insyn.public.privacy)."""

import pytest

from insyn.public import privacy
from insyn.registry.tests.factories import ProviderFactory, UnitFactory
from insyn.registry.validators import org_number_with_check_digit


@pytest.mark.parametrize(
    "text",
    [
        "Gäller 19811218-9876.",
        "pnr 811218-9876",
        "pnr 8112189876",
        "samordningsnummer 811278-9873",  # day 18 + 60
    ],
)
def test_identity_numbers_are_found_and_masked(text):
    assert privacy.identity_numbers_in(text)
    masked = privacy.mask_identity_numbers(text)
    assert privacy.identity_numbers_in(masked) == []
    assert privacy.MASK in masked


@pytest.mark.parametrize(
    "text",
    ["Org.nr 556036-0793", "Tel 031-365 00 00", "Diarienr SN-2024-0012", "811218-9875"],
)
def test_company_numbers_phones_and_bad_check_digits_are_left_alone(text):
    assert privacy.identity_numbers_in(text) == []
    assert privacy.mask_identity_numbers(text) == text


@pytest.mark.parametrize(
    ("number", "legal_entity"),
    [
        ("556036-0793", True),  # aktiebolag
        ("212000-1355", True),  # kommun
        ("802000-0000", False),  # invalid check digit: not trusted as a company
        ("811218-9876", False),  # a personnummer: sole trader
        (org_number_with_check_digit("550000001"), False),  # third digit 0: a person's range
    ],
)
def test_legal_entity_numbers(number, legal_entity):
    assert privacy.is_legal_entity_number(number) is legal_entity


def test_sole_trader_gets_neither_name_nor_number(db):
    sole = ProviderFactory(org_number="811218-9876", name="Anna Bergström Omsorg")
    assert privacy.public_provider_name(sole) == "Enskild näringsidkare"
    assert privacy.public_org_number(sole) == ""


def test_names_match_whole_names_only_and_ignore_case_and_spacing(db):
    names = {"Per Persson"}
    assert privacy.names_in("Ring per   persson i dag", names) == ["Per Persson"]
    assert privacy.names_in("Perssons hem", names) == []
    assert privacy.names_in("Per Perssonsson", names) == []


def test_unit_problems_list_each_text_with_personal_data(db):
    provider = ProviderFactory(
        org_number=org_number_with_check_digit("556123002"),
        name="Per Persson Vård AB",
        contact_name="Per Persson",
    )
    unit = UnitFactory(provider=provider, name="Hem 811218-9876", focus="Unga")
    problems = privacy.unit_problems(unit)
    assert any("Verksamhetens namn" in p and "personnummer" in p for p in problems)
    assert any("Utförarens namn" in p for p in problems)
    assert not any("inriktning" in p for p in problems)

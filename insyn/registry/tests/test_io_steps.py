"""The import's convert, match and write steps on their own, and numbers end to end."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insyn.registry.io.columns import CONTRACT_COLUMNS, UNIT_SHEET_COLUMNS
from insyn.registry.io.importer import import_file
from insyn.registry.io.readers import read_file
from insyn.registry.io.steps.convert import convert, split_requirements
from insyn.registry.io.steps.match import match
from insyn.registry.io.steps.write import write
from insyn.registry.models import Provider, Unit
from insyn.registry.tests.factories import ProviderFactory
from insyn.registry.tests.test_io_support import csv_bytes, named, org, unit_row
from insyn.registry.validators import validate_org_number

COLUMN = {c.header: c for c in UNIT_SHEET_COLUMNS + CONTRACT_COLUMNS}


def owner_of(header):
    return COLUMN[header].owner


def convert_cell(header, raw):
    return convert(owner_of(header), COLUMN[header], raw)


# --- convert ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4 250,50", Decimal("4250.50")),
        ("4250.50", Decimal("4250.50")),
        (4250.5, Decimal("4250.50")),
    ],
)
def test_price_converter_reads_swedish_numbers_at_two_decimals(raw, expected):
    value = convert_cell("Pris per dygn ramavtal", raw)
    assert value == expected and value.as_tuple().exponent == -2


@pytest.mark.parametrize("raw", ["4,250.50", "3,999.99", "3 999,999", 3999.999, "1,234"])
def test_price_converter_refuses_english_ambiguous_or_too_precise_prices(raw):
    with pytest.raises(ValueError):
        convert_cell("Pris per dygn ramavtal", raw)


def test_places_written_with_an_english_thousands_comma_are_refused_not_read_as_one():
    with pytest.raises(ValueError, match="tvetydigt"):
        convert_cell("Antal platser", "1,000")


def test_age_beyond_its_field_is_too_large():
    # Ages are small-integer fields: 32767 at most on every database.
    assert convert_cell("Ålder till", "32767") == 32767
    with pytest.raises(ValueError, match="för stort"):
        convert_cell("Ålder till", "40000")


def test_annual_value_over_its_digits_is_too_large():
    assert convert_cell("Årligt värde", "999 999 999 999,99") == Decimal("999999999999.99")
    with pytest.raises(ValueError, match="för stort"):
        convert_cell("Årligt värde", "1 000 000 000 000")


def test_org_number_converter_gives_the_register_validators_message():
    with pytest.raises(ValidationError) as expected:
        validate_org_number("556036-0794")
    with pytest.raises(ValueError) as got:
        convert_cell("Organisationsnummer", "556036-0794")
    assert str(got.value) == expected.value.messages[0]
    assert convert_cell("Organisationsnummer", "5560360793") == "556036-0793"


def test_web_address_must_be_http_or_https():
    assert convert_cell("Webbplats", "https://omsorg.example.se") == "https://omsorg.example.se"
    with pytest.raises(ValueError, match="https://"):
        convert_cell("Webbplats", "ftp://omsorg.example.se")


def test_text_longer_than_the_field_is_refused_with_its_length():
    with pytest.raises(ValueError, match="201 tecken lång; högst 200"):
        convert_cell("Utförare", "x" * 201)


def test_requirements_split_into_clauses_and_name_bad_items():
    items, problems = split_requirements("5.2: Rutiner | Utbildad personal | 6.1:")
    assert items == [("5.2", "Rutiner", False), ("", "Utbildad personal", False)]
    assert problems == ["Kravet \u201d6.1:\u201d saknar text efter avtalspunkten."]


def test_star_after_the_clause_marks_an_essential_requirement():
    items, problems = split_requirements("5.2*: Genomförandeplan | *: Utan punkt | 6.1: Övrigt")
    assert items == [
        ("5.2", "Genomförandeplan", True),
        ("", "Utan punkt", True),
        ("6.1", "Övrigt", False),
    ]
    assert problems == []


# --- match and write ----------------------------------------------------------------------


@pytest.mark.django_db
def test_match_plans_creates_and_updates_without_writing():
    ProviderFactory(org_number=org(1), name="Gamla namnet AB")
    sheets = read_file(
        csv_bytes([unit_row(Utförare="Nya namnet AB"), unit_row(Organisationsnummer=org(2))]),
        "f.csv",
    )
    with CaptureQueriesContext(connection) as queries:
        plan, problems = match(sheets)
    assert problems == []
    assert plan.counts()["providers"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert "name" in plan.providers[org(1)].changed
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert Provider.objects.get().name == "Gamla namnet AB"


@pytest.mark.django_db
def test_write_stores_the_plan_with_history_by_the_user(controller):
    plan, problems = match(read_file(csv_bytes([unit_row()]), "f.csv"))
    assert problems == []
    write(plan, controller)
    unit = Unit.objects.get()
    assert unit.provider.org_number == org(1)
    for record in (unit, unit.provider):
        entry = LogEntry.objects.get_for_object(record).get()
        assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, controller)


# --- numbers end to end -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("price", ["4,250.50", "3,999.99"])
def test_english_price_in_a_csv_is_refused_naming_row_and_column(controller, price):
    rows = [unit_row(), unit_row(Verksamhet="Två", **{"Pris per dygn ramavtal": price})]
    result = import_file(named(csv_bytes(rows), "fil.csv"), controller)
    assert not result.stored
    ((problem),) = result.problems
    assert (problem.row, problem.column) == (3, "Pris per dygn ramavtal")
    assert price in problem.message
    assert not Unit.objects.exists()

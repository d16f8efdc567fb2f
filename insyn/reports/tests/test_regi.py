"""Own units and private providers side by side (issue 15 item 2), against a hand-built data
set where own and private differ in every column."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insyn.reports import regi

pytestmark = pytest.mark.django_db


def _rows(table):
    return {label: tuple(cells) for label, *cells in table.rows}


def test_requirements_tested_and_share_met(committee, data):
    """Own: 3 tested (noted is not a test), 2 met = 66,7 %; private: 2 tested, 1 met = 50 %;
    total 5 and 3 = 60 %."""
    rows = _rows(regi.requirements_table(2024, committee))
    assert rows[f"{data}: prövade krav"] == (3, 2, 5)
    assert rows[f"{data}: andel uppfyllda (%)"] == (
        Decimal("66.7"),
        Decimal("50.0"),
        Decimal("60.0"),
    )


def test_deficiencies_by_area_severity_and_in_time(committee, data):
    rows = _rows(regi.deficiency_table(2024, committee))
    assert rows[f"{data}: låg"] == (0, 2, 2)
    assert rows[f"{data}: medel"] == (0, 1, 1)
    assert rows[f"{data}: hög"] == (1, 0, 1)
    assert rows["Brister totalt"] == (1, 3, 4)
    assert rows["Åtgärdade i tid"] == (1, 0, 1)
    assert rows["Andel åtgärdade i tid (%)"] == (Decimal("100.0"), Decimal("0.0"), Decimal("25.0"))


def test_mean_rating_and_answer_rate(committee, data):
    rows = _rows(regi.rating_table(2024, committee))
    assert rows["Antal ratingar"] == (1, 2, 3)
    assert rows["Genomsnittlig poäng (0–100)"] == (
        Decimal("80.0"),
        Decimal("65.0"),
        Decimal("70.0"),
    )
    assert rows["Begärda ratingar"] == (1, 3, 4)
    assert rows["Svarsfrekvens (%)"] == (Decimal("100.0"), Decimal("66.7"), Decimal("75.0"))


def test_feedback_by_kind_and_per_100_places(committee, data):
    rows = _rows(regi.feedback_table(2024, committee))
    assert rows["Klagomål"] == (1, 2, 3)
    assert rows["Beröm"] == (1, 0, 1)
    assert rows["Lex Sarah-rapport"] == (0, 1, 1)
    rows = _rows(regi.per_places_table(2024, committee))
    assert rows[f"{data}: platser"] == (10, 40, 50)
    # 1/10, 2/40 and 3/50 complaints; 0/10, 1/40 and 1/50 Lex Sarah, per 100 places.
    assert rows[f"{data}: klagomål per 100 platser"] == (
        Decimal("10.0"),
        Decimal("5.0"),
        Decimal("6.0"),
    )
    assert rows[f"{data}: Lex Sarah per 100 platser"] == (
        Decimal("0.0"),
        Decimal("2.5"),
        Decimal("2.0"),
    )


def test_each_table_is_one_grouped_query(committee, data, django_assert_num_queries):
    # Two queries for the scope's org-unit tree (one per level below the committee), read
    # once per org unit instance; then one grouped query per table.
    with django_assert_num_queries(3):
        regi.requirements_table(2024, committee)
    with django_assert_num_queries(1):
        regi.feedback_table(2024, committee)
    with django_assert_num_queries(2):
        regi.per_places_table(2024, committee)


def test_annual_report_page_and_xlsx_show_the_tables(client, controller, committee, data):
    client.force_login(controller)
    query = f"?year=2024&org_unit={committee.pk}"
    text = client.get(reverse("reports:annual_report") + query).content.decode()
    assert "Egen regi och privata utförare" in text
    assert f"{data}: klagomål per 100 platser" in text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports:annual_report_xlsx") + query).content)
    )
    sheet = list(workbook["Rating egen-privat"].iter_rows(values_only=True))
    assert sheet[0] == ("Mått", "Egen regi", "Privata utförare", "Totalt")
    assert sheet[1] == ("Antal ratingar", 1, 2, 3)

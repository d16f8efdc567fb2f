"""Seed 002's table for feedback about the municipality's own handling (the
beställarenhet): reproduced from stored items, hand-computed; återkoppling without an action
counts under "Återkoppling" and not under "Åtgärder"; never mixed with provider feedback."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.feedback.constants import Concern, Kind, Source, Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import UnitFactory
from insyn.reports import tertial

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    district = OrgUnitFactory(name="Hägersten-Älvsjö", kind=OrgUnitKind.DISTRICT)
    ordering = OrgUnitFactory(name="Beställarenheten för funktionsnedsättning", parent=district)
    other = OrgUnitFactory(name="Beställarenheten äldre", parent=district)
    return {"district": district, "ordering": ordering, "other": other}


def about(org_unit, **kwargs):
    return FeedbackItemFactory(unit=None, provider=None, org_unit=org_unit, **kwargs)


@pytest.fixture
def seed_items(org):
    """Seed 002's 2024 table: two complaints from clients in T1, one about Bemötande and one
    about Brister i information, both with återkoppling and no action recorded."""
    common = {"kind": Kind.COMPLAINT, "source": Source.CLIENT, "status": Status.CLOSED}
    about(
        org["ordering"],
        **common,
        concern=Concern.TREATMENT,
        received_on=dt.date(2024, 2, 12),
        feedback_given_on=dt.date(2024, 2, 20),
    )
    about(
        org["ordering"],
        **common,
        concern=Concern.INFORMATION,
        received_on=dt.date(2024, 4, 30),
        feedback_given_on=dt.date(2024, 5, 6),
    )
    # Not counted: another unit's complaint (with an action), a provider's complaint
    # registered by the same district, and a complaint from the year before.
    about(
        org["other"],
        **common,
        concern=Concern.DECISION,
        received_on=dt.date(2024, 3, 1),
        feedback_given_on=dt.date(2024, 3, 5),
        action_taken_on=dt.date(2024, 3, 5),
    )
    FeedbackItemFactory(
        unit=UnitFactory(district=org["district"]),
        district=org["district"],
        kind=Kind.COMPLAINT,
        received_on=dt.date(2024, 2, 1),
    )
    about(org["ordering"], **common, concern=Concern.TREATMENT, received_on=dt.date(2023, 12, 31))


NONZERO_FOR_ORDERING_UNIT = {
    "from_client": [2, 0, 0],
    "concern_treatment": [1, 0, 0],
    "concern_information": [1, 0, 0],
    "feedback_given": [2, 0, 0],
}


def test_seed_002_table_is_reproduced_for_the_ordering_unit(org, seed_items):
    table = tertial.own_handling_table(2024, org["ordering"])

    counts = {row.key: row.counts for row in table.rows}
    expected = {key: NONZERO_FOR_ORDERING_UNIT.get(key, [0, 0, 0]) for key in tertial.ROW_KEYS}
    assert counts == expected
    totals = {row.key: row.total for row in table.rows}
    assert totals["feedback_given"] == 2
    assert totals["actions_taken"] == 0
    assert table.title == "Synpunkter och klagomål om kommunens egen handläggning"


def test_the_district_scope_includes_units_below_and_counts_the_action(org, seed_items):
    counts = {row.key: row.counts for row in tertial.own_handling_table(2024, org["district"]).rows}
    assert counts["from_client"] == [3, 0, 0]
    assert counts["feedback_given"] == [3, 0, 0]
    assert counts["actions_taken"] == [1, 0, 0]
    assert counts["concern_decision"] == [1, 0, 0]


def test_the_main_table_still_counts_by_registering_district(org, seed_items):
    # Org-unit items have no district in this data set and no unit, so the district's main
    # table holds only the provider complaint.
    counts = {row.key: row.counts for row in tertial.feedback_table(2024, org["district"]).rows}
    assert counts["from_client"] == [1, 0, 0]
    assert counts["actions_taken"] == [0, 0, 0]


def test_annual_report_shows_the_section_and_the_xlsx_sheet(client, controller, org, seed_items):
    client.force_login(controller)
    query = f"?year=2024&org_unit={org['ordering'].pk}"

    page = client.get(reverse("reports:annual_report") + query).content.decode()
    assert "Synpunkter om kommunens egen handläggning" in page
    assert "Synpunkter och klagomål om kommunens egen handläggning 2024" in page

    response = client.get(reverse("reports:annual_report_xlsx") + query)
    sheet = load_workbook(io.BytesIO(response.content))["Synpunkter egen handläggning"]
    rows = {r[1]: r[2:6] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Antal klagomål där återkoppling har lämnats"] == (2, 0, 0, 2)
    assert rows["Antal klagomål där åtgärder vidtagits"] == (0, 0, 0, 0)
    assert rows["Brukare/patient"] == (2, 0, 0, 2)

"""The controller's comparison page (issue 15 item 2): own units and private providers side by
side per category, with a chart beside every table, scoped to the user's committee
memberships; against hand-built data where own and private differ in every column."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.followup.constants import FollowUpStatus
from insyn.followup.tests.factories import (
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory, category
from insyn.reports import charts, regi

pytestmark = pytest.mark.django_db

URL = reverse("reports:regi_comparison")


@pytest.fixture
def plan_data(committee):
    """Own: 3 planned (2 done in 2024, one of them in another month), 1 event-driven.
    Private: 2 planned (1 done in 2024; the other's follow-up was finished in 2025)."""
    district = OrgUnitFactory(name="Stadsdel Syd", parent=committee)
    hvb = category("hvb-vuxna")  # another category than `data` (HVB barn och unga)
    own = UnitFactory(
        provider=ProviderFactory(operation_form=OperationForm.OWN), district=district, category=hvb
    )
    private = UnitFactory(district=district, category=hvb)
    plan = PlanFactory(year=2024)

    def planned(unit, month, performed=None, event=False):
        row = PlannedFollowUpFactory(plan=plan, unit=unit, month=month, event_driven=event)
        if performed:
            FollowUpFactory(
                unit=unit, planned=row, status=FollowUpStatus.DONE, performed_on=performed
            )
        return row

    planned(own, 3, dt.date(2024, 3, 10))
    planned(own, 4, dt.date(2024, 6, 1))
    planned(own, 5)
    planned(own, 9, event=True)
    planned(private, 3, dt.date(2024, 3, 20))
    planned(private, 11, dt.date(2025, 1, 15))
    return hvb


def _rows(table):
    return {label: tuple(cells) for label, *cells in table.rows}


def test_followups_planned_done_share_and_event_driven(committee, plan_data):
    rows = _rows(regi.followup_table(2024, committee))
    name = plan_data.name
    assert rows[f"{name}: planerade"] == (3, 2, 5)
    assert rows[f"{name}: genomförda"] == (2, 1, 3)
    assert rows[f"{name}: andel genomförda (%)"] == (
        Decimal("66.7"),
        Decimal("50.0"),
        Decimal("60.0"),
    )
    assert rows[f"{name}: händelsestyrda tillägg"] == (1, 0, 1)


def test_category_filter_keeps_only_that_category(committee, data, plan_data):
    """`data` is in another category than `plan_data`: filtered on plan_data's category,
    its requirements and feedback disappear, the follow-ups stay."""
    tables = {t.key: t for t in regi.comparison_tables(2024, committee, plan_data)}
    assert _rows(tables["followups"])[f"{plan_data.name}: planerade"] == (3, 2, 5)
    assert tables["requirements"].rows == []
    assert _rows(tables["feedback"])["Klagomål"] == (0, 0, 0)
    unfiltered = {t.key: t for t in regi.comparison_tables(2024, committee)}
    assert _rows(unfiltered["requirements"])[f"{data}: prövade krav"] == (3, 2, 5)
    assert _rows(unfiltered["feedback"])["Klagomål"] == (1, 2, 3)


def test_every_chart_draws_own_beside_private_of_one_measure(committee, data):
    tables = {t.key: t for t in regi.comparison_tables(2024, committee)}
    assert [r[0] for r in charts.regi_rows(tables["requirements"])] == [
        f"{data}: andel uppfyllda (%)"
    ]
    figure = charts.regi_comparison_figure(tables["requirements"])
    bars = figure.axes[0].patches
    assert [round(b.get_width(), 1) for b in bars] == [66.7, 50.0]
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == [
        "Egen regi",
        "Privata utförare",
    ]


def test_page_shows_every_table_with_its_chart_beside_it(
    client,
    committee,
    data,
    plan_data,
    django_assert_max_num_queries,
):
    client.force_login(UserFactory(controller=True))
    with django_assert_max_num_queries(25):
        response = client.get(URL, {"year": 2024, "committee": committee.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("followups", "requirements", "deficiencies", "ratings", "feedback", "per_places"):
        table_at = html.index(f'id="regi-{key}"')
        chart_at = html.index("data:image/svg+xml;base64,", table_at)
        assert chart_at < html.index("</section>", table_at), key
    assert "66,7" in html and "Socialnämnden" in html


def test_xlsx_has_one_sheet_per_table(client, committee, data, plan_data):
    client.force_login(UserFactory(manager=True))
    response = client.get(
        reverse("reports:regi_comparison_xlsx"), {"year": 2024, "committee": committee.pk}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Uppföljningar egen-privat"
    sheet = book["Uppföljningar egen-privat"]
    assert [c.value for c in sheet[1]] == ["Kategori", "Egen regi", "Privata utförare", "Totalt"]
    assert [c.value for c in sheet[2]] == [f"{plan_data.name}: planerade", 3, 2, 5]
    assert len(book.sheetnames) == 6


@pytest.fixture
def committees():
    top = OrgUnitFactory(name="Göteborgs stad", kind=OrgUnitKind.MUNICIPALITY)
    centrum = OrgUnitFactory(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=top)
    nordost = OrgUnitFactory(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=top)
    return top, centrum, nordost


def test_committee_manager_sees_only_own_committee(client, committees):
    """A manager of SN Centrum: Centrum by default and in the filter; Nordost is 404, all
    committees (the whole municipality) 403."""
    _, centrum, nordost = committees
    client.force_login(UserFactory(manager=True, org_unit=centrum))
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 200
    assert response.context["committee"] == centrum
    options = response.context["filter_form"].fields["committee"].widget.choices
    assert options == [(str(centrum.pk), "SN Centrum")]
    assert client.get(URL, {"year": 2024, "committee": nordost.pk}).status_code == 404
    assert client.get(URL, {"year": 2024, "committee": ""}).status_code == 403
    xlsx = reverse("reports:regi_comparison_xlsx")
    assert client.get(xlsx, {"year": 2024, "committee": nordost.pk}).status_code == 404


def test_central_controller_sees_every_committee(client, committees):
    top, centrum, nordost = committees
    client.force_login(UserFactory(controller=True, org_unit=top))
    response = client.get(URL, {"year": 2024})
    assert response.context["committee"] is None
    options = [
        label for _, label in response.context["filter_form"].fields["committee"].widget.choices
    ]
    assert options == ["Alla nämnder (hela kommunen)", "SN Centrum", "SN Nordost"]
    assert client.get(URL, {"year": 2024, "committee": nordost.pk}).status_code == 200


def test_unknown_category_is_404_and_other_staff_403(client, committees):
    _, centrum, _ = committees
    client.force_login(UserFactory(manager=True, org_unit=centrum))
    assert client.get(URL, {"year": 2024, "category": 999999}).status_code == 404
    client.force_login(UserFactory(case_worker=True, org_unit=centrum))
    assert client.get(URL, {"year": 2024}).status_code == 403


def test_chart_is_drawn_once_per_distinct_table():
    table = regi.RegiTable(
        "feedback", "Inkomna synpunkter 2024 per typ", "Typ", [("Klagomål", 1, 2, 3)]
    )
    charts._regi_uri.cache_clear()
    first = charts.regi_comparison(table)
    assert charts.regi_comparison(table) == first
    assert charts._regi_uri.cache_info().misses == 1
    changed = regi.RegiTable(table.key, table.caption, table.row_header, [("Klagomål", 1, 5, 6)])
    assert charts.regi_comparison(changed) != first

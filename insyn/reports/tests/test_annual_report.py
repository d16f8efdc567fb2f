"""The annual report: plan vs outcome, deficiencies, texts, and its PDF and XLSX forms."""

import datetime as dt
import io
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus, Severity
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ProviderFactory, UnitFactory
from insyn.reports import annual, tertial
from insyn.reports.models import AnnualReport
from tests.pdf_structure import archivable_problems, text_past_page_edge

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Uppföljningsplan och utfall",
    "Brister och handlingsplaner",
    "Indikatorer och mål",
    "Redovisning av synpunkter och klagomål",
)


@pytest.fixture
def committee():
    committee = OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE)
    return committee


@pytest.fixture
def data(committee):
    district = OrgUnitFactory(name="Stadsdel Norr", parent=committee)
    own = UnitFactory(provider=ProviderFactory(operation_form=OperationForm.OWN), district=district)
    private = UnitFactory(district=district)
    plan = PlanFactory(year=2024, committee=committee)
    done_on_time = PlannedFollowUpFactory(plan=plan, unit=own, month=3)
    moved = PlannedFollowUpFactory(plan=plan, unit=private, month=3)
    PlannedFollowUpFactory(plan=plan, unit=private, month=11)  # not done
    PlannedFollowUpFactory(plan=plan, unit=private, month=6, event_driven=True)
    FollowUpFactory(
        unit=own, planned=done_on_time, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 3, 5)
    )
    followup = FollowUpFactory(
        unit=private, planned=moved, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 5, 2)
    )
    DeficiencyFactory(
        followup=followup,
        severity=Severity.HIGH,
        deadline=dt.date(2024, 6, 1),
        status=DeficiencyStatus.REMEDIED,
        remedied_at=timezone.make_aware(dt.datetime(2024, 5, 20, 10)),
    )
    DeficiencyFactory(followup=followup, severity=Severity.LOW, deadline=dt.date(2024, 6, 1))
    FeedbackItemFactory(
        unit=private, district=district, kind=Kind.COMPLAINT, received_on=dt.date(2024, 10, 1)
    )
    return {"own": own, "private": private}


def test_plan_outcome_side_by_side_for_own_and_private(committee, data):
    plan = annual.plan_outcome(2024, committee)
    ((category, cells),) = plan.by_category.items()
    assert cells[annual.OWN] == {"planned": 1, "done": 1, "moved": 0, "event": 0}
    assert cells[annual.PRIVATE] == {"planned": 2, "done": 1, "moved": 1, "event": 1}
    months = {m: (p, d) for m, p, d in plan.by_month}
    assert months["mar"] == (2, 1) and months["maj"] == (0, 1) and months["nov"] == (1, 0)


def test_deficiencies_by_area_and_severity_with_remedied_in_time(committee, data):
    summary = annual.deficiency_summary(2024, committee)
    ((area, cells),) = summary.by_area.items()
    assert cells == {"Låg": 1, "Medel": 0, "Hög": 1}
    assert (summary.total, summary.remedied, summary.remedied_in_time) == (2, 1, 1)


def test_other_committees_units_are_left_out(committee, data):
    other = OrgUnitFactory(name="Annan nämnd", kind=OrgUnitKind.COMMITTEE)
    assert annual.is_empty(annual.annual_report(2024, other))
    assert not annual.is_empty(annual.annual_report(2024, committee))


def _url(name, year, org_unit):
    return reverse(name) + f"?year={year}&org_unit={org_unit.pk if org_unit else ''}"


def test_page_shows_sections_and_charts(
    client, controller, committee, data, django_assert_max_num_queries
):
    client.force_login(controller)
    with django_assert_max_num_queries(40):
        response = client.get(_url("reports:annual_report", 2024, committee))
    text = response.content.decode()
    for heading in HEADINGS:
        assert heading in text
    assert text.count('src="data:image/svg+xml;base64,') == 3
    assert "Privata utförare" in text and "Egen regi" in text


def test_year_without_data_is_an_honest_empty_report(client, controller):
    client.force_login(controller)
    response = client.get(_url("reports:annual_report", 2011, None))
    assert response.status_code == 200
    assert "Det finns inga uppföljningar" in response.content.decode()
    pdf = client.get(_url("reports:annual_report_pdf", 2011, None))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_controller_saves_the_report_texts(client, controller, committee):
    client.force_login(controller)
    response = client.post(
        reverse("reports:annual_report"),
        {
            "year": 2024,
            "org_unit": committee.pk,
            "summary": "Ett bra år.",
            "analysis": "",
            "improvements": "Fler besök.",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2024, org_unit=committee)
    assert (report.summary, report.improvements, report.updated_by) == (
        "Ett bra år.",
        "Fler besök.",
        controller,
    )


def test_manager_reads_but_cannot_write_texts(client, committee):
    client.force_login(UserFactory(manager=True))
    assert client.get(_url("reports:annual_report", 2024, committee)).status_code == 200
    response = client.post(
        reverse("reports:annual_report"), {"year": 2024, "org_unit": committee.pk, "summary": "x"}
    )
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_pdf_is_readable_with_headings_and_page_numbers(client, controller, committee, data):
    client.force_login(controller)
    response = client.get(_url("reports:annual_report_pdf", 2024, committee))
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Årsrapport 2024 – Socialnämnden" in text
    for heading in ("Innehåll", *HEADINGS, "Planerade förbättringar"):
        assert heading in text
    assert f"Sida 1 av {len(reader.pages)}" in text


def test_pdf_is_tagged_archivable_and_within_the_page(client, controller, committee, data):
    client.force_login(controller)
    pdf = client.get(_url("reports:annual_report_pdf", 2024, committee)).content
    assert archivable_problems(pdf) == []
    assert PdfReader(io.BytesIO(pdf)).metadata["/Title"] == "Årsrapport 2024 – Socialnämnden"
    # The per-category table has many columns: none may run past the page edge.
    assert text_past_page_edge(pdf) == []


def test_xlsx_has_one_sheet_per_table(client, controller, committee, data):
    client.force_login(controller)
    response = client.get(_url("reports:annual_report_xlsx", 2024, committee))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Plan och utfall",
        "Per månad",
        "Brister",
        "Rating",
        "Synpunkter per typ",
        "Indikatorer",
        "Mål",
        "Aktiviteter",
        "Krav egen-privat",
        "Brister egen-privat",
        "Rating egen-privat",
        "Synpunkter egen-privat",
        "Per 100 platser egen-privat",
        "Synpunkter per tertial",
        "Synpunkter egen handläggning",
    ]
    plan = list(workbook["Plan och utfall"].iter_rows(values_only=True))
    assert plan[-1] == ("Totalt", 1, 1, 0, 0, 2, 1, 1, 1)
    tertial = list(workbook["Synpunkter per tertial"].iter_rows(values_only=True))
    assert tertial[0][:3] == ("Uppdelning", "Klagomål/synpunkter/kategorier", "Utfall T1")


def test_provider_and_case_worker_cannot_read_the_annual_report(client, provider_user, committee):
    for user in (provider_user, UserFactory(case_worker=True, org_unit=committee)):
        client.force_login(user)
        assert client.get(_url("reports:annual_report", 2024, committee)).status_code == 403


def test_xlsx_header_rows_are_the_documents(client, controller, committee, data):
    """Issue 15 item 5: the plan table's two header rows ("Egen regi" / "Privata utförare"
    over their four columns, "Kategori" over both rows), the tertial table's groups once per
    group (merged, as the document's rowspan), every sheet's header frozen."""
    client.force_login(controller)
    response = client.get(_url("reports:annual_report_xlsx", 2024, committee))
    workbook = load_workbook(io.BytesIO(response.content))
    plan = workbook["Plan och utfall"]
    rows = list(plan.iter_rows(values_only=True))
    assert rows[0] == (
        "Kategori",
        "Egen regi",
        None,
        None,
        None,
        "Privata utförare",
        None,
        None,
        None,
    )
    labels = ("Planerade", "Genomförda", "varav flyttade", "Händelsestyrda tillägg")
    assert rows[1] == (None, *labels, *labels)
    assert sorted(str(r) for r in plan.merged_cells.ranges) == ["A1:A2", "B1:E1", "F1:I1"]
    assert plan.freeze_panes == "A3"
    assert rows[-1] == ("Totalt", 1, 1, 0, 0, 2, 1, 1, 1)
    tertial_sheet = workbook["Synpunkter per tertial"]
    assert tertial_sheet.freeze_panes == "A2"
    expected, row = set(), 2
    for _, rows_of_group in itertools.groupby(tertial.ROWS, key=lambda r: r.group):
        size = len(list(rows_of_group))
        if size > 1:
            expected.add(f"A{row}:A{row + size - 1}")
        row += size
    assert {str(r) for r in tertial_sheet.merged_cells.ranges} == expected
    assert tertial_sheet["A3"].value == tertial.ROWS[1].group
    # The rating sheet has the document's header and rows (the page shows "%" in the cell).
    rating = list(workbook["Rating"].iter_rows(values_only=True))
    html = client.get(_url("reports:annual_report", 2024, committee)).content.decode()
    table = html[html.index("<caption>Rating 2024</caption>") :]
    table = table[: table.index("</table>")]
    assert re.findall(r'<th scope="(?:col|row)"[^>]*>([^<]+)</th>', table) == [
        *rating[0],
        *(label.replace(" (%)", "") for label, _ in rating[1:]),
    ]

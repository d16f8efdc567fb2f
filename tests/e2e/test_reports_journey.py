"""The reports journey from issue 5 in a real browser: a controller writes the summary for a
row of the tertial table and reads the annual report, indicators and council report; axe-core
checks each page (no serious or critical violations)."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.registry.tests.factories import UnitFactory
from insyn.reports.models import FeedbackTableNote

pytestmark = pytest.mark.e2e


def test_controller_writes_a_row_summary_and_reads_the_reports(
    page, live_server, login, axe_violations
):
    district = OrgUnitFactory(name="Stadsdel Centrum")
    controller = UserFactory(controller=True, username="controller")
    FeedbackItemFactory(
        unit=UnitFactory(district=district),
        district=district,
        kind=Kind.COMPLAINT,
        received_on=dt.date(2024, 5, 1),
    )

    login(page, live_server, controller)
    page.goto(
        live_server.url + reverse("reports:feedback_table") + f"?year=2024&org_unit={district.pk}"
    )
    expect(
        page.get_by_role("heading", name="Redovisning av synpunkter och klagomål")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label(
        "Sammanfattning och planerade åtgärder: Vad gällde klagomålet eller synpunkten? – Bemötande"
    ).fill("Utbildning i bemötande under hösten.")
    page.get_by_role("button", name="Spara sammanfattningar").click()
    expect(page.get_by_text("Sammanfattningarna är sparade")).to_be_visible()
    assert FeedbackTableNote.objects.get().text == "Utbildning i bemötande under hösten."

    for url in (
        reverse("reports:annual_report") + f"?year=2024&org_unit={district.pk}",
        reverse("reports:indicator_list") + "?year=2024&org_unit=",
        reverse("reports:council_report") + "?year=2024",
    ):
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url

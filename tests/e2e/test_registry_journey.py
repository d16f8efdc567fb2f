"""The register journey from issue 2, in a real browser.

A controller imports a Swedish Excel CSV, finds one of the imported providers, changes a
unit's vacancies and sees the change in the history. Then that provider's own user logs in,
sees only its own organisation, and gets the "page does not exist" page for another
provider's unit.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.io.columns import CONTRACT_COLUMNS, UNIT_SHEET_COLUMNS
from insyn.registry.models import Provider, Unit
from insyn.registry.validators import org_number_with_check_digit

pytestmark = pytest.mark.e2e

OWN_ORG = org_number_with_check_digit("556677001")
OTHER_ORG = org_number_with_check_digit("556677002")

ROWS = [
    {
        "org_number": OWN_ORG,
        "name": "Fjällsippans HVB AB",
        "operation_form": "Privat företag",
        "city": "Göteborg",
        "unit:name": "Fjällsippan Angered",
        "category": "HVB barn och unga",
        "target_age_min": "13",
        "target_age_max": "17",
        "ivo_permit_number": "3.5-1234/2024",
        "places": "8",
        "vacancies": "2",
        # Outside a framework agreement until the contracts file is read: a price indication
        # (a framework price needs the agreement first, registry.services).
        "price_indication": "3 500,50",
    },
    {
        "org_number": OTHER_ORG,
        "name": "Havsörnens Omsorg AB",
        "operation_form": "Idéburen organisation",
        "city": "Kungälv",
        "unit:name": "Havsörnen Torslanda",
        "category": "HVB barn och unga",
        "places": "6",
        "vacancies": "1",
    },
]
CONTRACT_ROWS = [
    {
        "org_number": OWN_ORG,
        "contract_type": "Ramavtal",
        "title": "Ramavtal HVB barn och unga 2025",
        "diary_number": "SN-2025-0042",
        "units": "Fjällsippan Angered",
        "start_date": "2025-01-01",
        "end_date": "2099-12-31",
        "annual_value": "1 200 000",
        "requirements": "5.2: Rutiner för avvikelsehantering",
    },
]


def _swedish_excel_csv(columns, rows):
    """Semicolon-separated, UTF-8 with BOM and CRLF line ends, as Swedish Excel saves it.

    Row keys are the template's field keys; "unit:" marks a unit column whose key is also a
    provider column (name, city …)."""
    lines = [";".join(column.header for column in columns)]
    for row in rows:
        cells = []
        for column in columns:
            if column.owner == "unit" and f"unit:{column.key}" in row:
                cells.append(row[f"unit:{column.key}"])
            elif column.owner == "unit" and column.key in {"name", "city", "active"}:
                cells.append("")
            else:
                cells.append(row.get(column.key, ""))
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _import(page, live_server, path):
    page.goto(live_server.url + reverse("registry:import"))
    page.get_by_label("Fil").set_input_files(path)
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Förhandsgranskning")
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_text(re.compile(r"^Importen är klar"))).to_be_visible()


def test_controller_imports_edits_vacancies_and_provider_sees_only_its_own(
    page, live_server, login, tmp_path
):
    controller = UserFactory(
        controller=True, username="kontroll", first_name="Karin", last_name="Kontroll"
    )
    units_csv = tmp_path / "utforare.csv"
    units_csv.write_bytes(_swedish_excel_csv(UNIT_SHEET_COLUMNS, ROWS))
    contracts_csv = tmp_path / "avtal.csv"
    contracts_csv.write_bytes(_swedish_excel_csv(CONTRACT_COLUMNS, CONTRACT_ROWS))

    # The controller imports providers with units, then their contracts: preview, then store.
    login(page, live_server, controller)
    _import(page, live_server, units_csv)
    _import(page, live_server, contracts_csv)
    assert Provider.objects.get(org_number=OWN_ORG).contracts.count() == 1

    # … finds the provider by free-text search …
    page.goto(live_server.url + reverse("registry:provider_list"))
    page.get_by_label("Sök").fill("Fjällsippan")
    page.get_by_role("button", name="Filtrera").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Fjällsippans HVB AB")).to_be_visible()
    expect(results.get_by_role("link", name="Havsörnens Omsorg AB")).to_have_count(0)
    results.get_by_role("link", name="Fjällsippans HVB AB").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjällsippans HVB AB")

    # … changes the unit's vacancies …
    page.get_by_role("link", name="Fjällsippan Angered", exact=True).click()
    page.get_by_role("link", name="Ändra", exact=True).click()
    page.get_by_label("Lediga platser", exact=False).first.fill("5")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()

    # … and sees the change, and who made it, in the history.
    page.get_by_role("link", name="Historik", exact=True).click()
    newest = page.get_by_role("row").nth(1)
    expect(newest).to_contain_text("Karin Kontroll")
    vacancies = newest.locator("dt").filter(has_text=re.compile(r"^lediga platser$", re.I))
    expect(vacancies.locator("xpath=following-sibling::dd[1]")).to_have_text("2 → 5")
    assert Unit.objects.get(name="Fjällsippan Angered").vacancies == 5

    # The provider's own user sees its own organisation and nothing else.
    own = Provider.objects.get(org_number=OWN_ORG)
    other_unit = Unit.objects.get(name="Havsörnen Torslanda")
    provider_user = UserFactory(provider_user=True, provider=own, username="fjallsippan")
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, provider_user)

    assert page.url == live_server.url + reverse("portal:home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjällsippans HVB AB")
    expect(page.get_by_role("link", name="Fjällsippan Angered")).to_be_visible()
    expect(page.get_by_text("Havsörnen")).to_have_count(0)
    units = page.get_by_role("region", name="Våra verksamheter")
    own_unit_row = units.get_by_role("row", name=re.compile("Fjällsippan Angered"))
    expect(own_unit_row).to_contain_text("5 / 8")  # vacancies / places

    # Another provider's unit, guessed by URL, does not exist for this user.
    for route in ("portal:unit_detail", "registry:unit_detail"):
        response = page.goto(live_server.url + reverse(route, args=[other_unit.pk]))
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
        expect(page.get_by_text("Havsörnen")).to_have_count(0)


def test_searching_by_name_alone_finds_a_provider_without_framework_or_permit(
    page, live_server, login
):
    from insyn.registry.tests.factories import UnitFactory

    UnitFactory(provider__name="Solrosens Omsorg AB", vacancies=0, ivo_permit_number="")
    login(page, live_server, UserFactory(controller=True))

    page.goto(live_server.url + reverse("registry:provider_list"))
    page.get_by_label("Sök").fill("Solros")
    page.get_by_role("button", name="Filtrera").click()

    expect(page.get_by_role("link", name="Solrosens Omsorg AB")).to_be_visible(timeout=2000)

"""The council report on strategic contracts: per committee, follow-ups, requirements met,
deficiencies, action plans and the controller's text on the effect on goals."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.followup.constants import ActionPlanStatus, Assessment, FollowUpStatus
from insyn.followup.models import ActionPlan, Finding
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.registry.models import ContractRequirement
from insyn.registry.tests.factories import ContractFactory, UnitFactory
from insyn.reports import council
from insyn.reports.models import StrategicContractNote
from tests.pdf_structure import archivable_problems, text_past_page_edge

pytestmark = pytest.mark.django_db

STRATEGIC_VALUE = Decimal("8000000")  # above followup's VALUE_HIGH_FROM; HVB barn is high impact


@pytest.fixture
def contracts():
    north = OrgUnitFactory(name="Socialnämnden Nordost", kind=OrgUnitKind.COMMITTEE)
    south = OrgUnitFactory(name="Socialnämnden Sydväst", kind=OrgUnitKind.COMMITTEE)
    unit = UnitFactory()
    followed = ContractFactory(
        title="Ramavtal HVB Nordost", committee=north, annual_value=STRATEGIC_VALUE, units=[unit]
    )
    idle = ContractFactory(
        title="Ramavtal HVB Sydväst",
        committee=south,
        annual_value=STRATEGIC_VALUE,
        units=[UnitFactory()],
    )
    ContractFactory(title="Litet avtal", committee=north, annual_value=Decimal("100000"),
                    units=[UnitFactory()])  # fmt: skip
    followup = FollowUpFactory(
        unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 4, 2)
    )
    requirement = ContractRequirement.objects.create(
        contract=followed, clause="5.2", text="Genomförandeplan inom 14 dagar", essential=True
    )
    Finding.objects.create(
        followup=followup, requirement=requirement, assessment=Assessment.NOT_MET, text="Saknas"
    )
    deficiency = DeficiencyFactory(
        followup=followup, requirement=requirement, description="Genomförandeplaner saknas."
    )
    ActionPlan.objects.create(
        deficiency=deficiency,
        measures="Upprätta planer för alla placerade",
        responsible_person="Verksamhetschef",
        due_date=dt.date(2024, 6, 30),
        status=ActionPlanStatus.ACCEPTED,
    )
    return {"followed": followed, "idle": idle}


def test_strategic_contracts_are_grouped_per_committee(contracts):
    sections = council.council_report(2024)
    assert [s.name for s in sections] == ["Socialnämnden Nordost", "Socialnämnden Sydväst"]
    (north,) = sections[0].entries
    assert north.contract == contracts["followed"]
    assert north.requirements_met == council.NOT_MET
    assert [d.description for d in north.deficiencies] == ["Genomförandeplaner saknas."]
    assert north.deficiencies[0].latest_plan.measures == "Upprätta planer för alla placerade"
    assert north.areas == ["HVB barn och unga"]
    (south,) = sections[1].entries
    assert south.requirements_met == council.NOT_FOLLOWED


def test_page_and_pdf_show_every_committee(client, controller, contracts):
    client.force_login(controller)
    page = client.get(reverse("reports:council_report") + "?year=2024").content.decode()
    assert "Ramavtal HVB Nordost" in page and "Ramavtal HVB Sydväst" in page
    assert "Litet avtal" not in page
    pdf = client.get(reverse("reports:council_report_pdf") + "?year=2024")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Strategiska avtal 2024 – rapport till kommunstyrelsen" in text
    assert "Socialnämnden Nordost" in text and "Genomförandeplaner saknas." in text
    assert archivable_problems(pdf.content) == []
    assert text_past_page_edge(pdf.content) == []


def test_controller_writes_the_effect_on_goals(client, controller, contracts):
    client.force_login(controller)
    pk = contracts["followed"].pk
    response = client.post(
        reverse("reports:council_report"),
        {"year": 2024, f"effect_{pk}": "Målet om trygga boenden nås delvis."},
    )
    assert response.status_code == 302
    note = StrategicContractNote.objects.get()
    assert (note.contract_id, note.year, note.updated_by) == (pk, 2024, controller)
    assert council.council_report(2024)[0].entries[0].note == "Målet om trygga boenden nås delvis."


def test_manager_reads_but_cannot_write(client, contracts):
    client.force_login(UserFactory(manager=True))
    assert client.get(reverse("reports:council_report")).status_code == 200
    pk = contracts["followed"].pk
    response = client.post(reverse("reports:council_report"), {"year": 2024, f"effect_{pk}": "x"})
    assert response.status_code == 403
    assert not StrategicContractNote.objects.exists()


def test_provider_cannot_read_the_council_report(client, provider_user):
    client.force_login(provider_user)
    assert client.get(reverse("reports:council_report")).status_code == 403


def test_year_without_strategic_contracts_is_an_empty_report(client, controller):
    client.force_login(controller)
    response = client.get(reverse("reports:council_report") + "?year=2012")
    assert "Inga strategiska avtal löpte under 2012." in response.content.decode()


def test_api_gives_the_council_report_per_committee(client, controller, contracts):
    client.force_login(controller)
    response = client.get("/api/v1/reports/strategic-contracts/", {"year": 2024})
    assert response.status_code == 200
    north, south = response.json()
    assert north["committee"] == "Socialnämnden Nordost"
    (entry,) = north["contracts"]
    assert entry["title"] == "Ramavtal HVB Nordost"
    assert entry["requirements_met"] == "Nej"
    assert entry["areas"] == ["HVB barn och unga"]
    assert entry["deficiencies"][0]["description"] == "Genomförandeplaner saknas."
    assert entry["deficiencies"][0]["action_plan"] == (
        "Upprätta planer för alla placerade – klart senast 2024-06-30"
    )
    assert entry["deficiencies"][0]["requirement"] == "5.2 Genomförandeplan inom 14 dagar"
    assert entry["deficiencies"][0]["action_plan_status"] == "Godkänd"
    assert south["contracts"][0]["requirements_met"] == "Ej uppföljt"


def test_api_council_report_is_closed_to_providers(client, provider_user, contracts):
    client.force_login(provider_user)
    response = client.get("/api/v1/reports/strategic-contracts/", {"year": 2024})
    assert response.status_code == 403


# --- Compiled for all committees: contents with page numbers, and who sees which committee ---


def _page_texts(content):
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


def test_pdf_contents_give_each_committees_page(client, controller, contracts):
    """Each committee starts a page; the contents (target-counter) name that page: page 1 is
    the title and contents, Nordost page 2, Sydväst page 3."""
    client.force_login(controller)
    pdf = client.get(reverse("reports:council_report_pdf") + "?year=2024").content
    pages = _page_texts(pdf)
    assert len(pages) == 3
    assert re.search(r"Socialnämnden Nordost[ .]*2\b", pages[0]), pages[0]
    assert re.search(r"Socialnämnden Sydväst[ .]*3\b", pages[0]), pages[0]
    assert "Genomförandeplaner saknas." in pages[1] and "Sydväst" not in pages[1]
    assert pages[2].startswith("Socialnämnden Sydväst") and "Nordost" not in pages[2]


def test_html_contents_link_to_each_committee(client, controller, contracts):
    client.force_login(controller)
    html = client.get(reverse("reports:council_report") + "?year=2024").content.decode()
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert re.findall(r'href="#(c-\d+)">([^<]+)<', toc) == [
        ("c-1", "Socialnämnden Nordost"),
        ("c-2", "Socialnämnden Sydväst"),
    ]
    assert '<h2 id="c-1">Socialnämnden Nordost</h2>' in html
    assert '<h2 id="c-2">Socialnämnden Sydväst</h2>' in html


def test_committee_manager_sees_only_own_committee(client, contracts):
    """A manager of Socialnämnden Nordost: Nordost's section only, in page, PDF and API; the
    central controller (no unit: the whole municipality) sees both."""
    north = contracts["followed"].committee
    client.force_login(UserFactory(manager=True, org_unit=north))
    html = client.get(reverse("reports:council_report") + "?year=2024").content.decode()
    assert "Ramavtal HVB Nordost" in html and "Ramavtal HVB Sydväst" not in html
    assert "dina medlemskap omfattar" in html
    pdf = " ".join(
        _page_texts(client.get(reverse("reports:council_report_pdf") + "?year=2024").content)
    )
    assert "Socialnämnden Nordost" in pdf and "Socialnämnden Sydväst" not in pdf
    api = client.get("/api/v1/reports/strategic-contracts/?year=2024").json()
    assert [s["committee"] for s in api] == ["Socialnämnden Nordost"]


def test_committee_controller_writes_only_for_own_committee(client, contracts):
    north = contracts["followed"].committee
    client.force_login(UserFactory(controller=True, org_unit=north))
    other = contracts["idle"].pk
    response = client.post(
        reverse("reports:council_report"), {"year": 2024, f"effect_{other}": "Inte min nämnd"}
    )
    assert response.status_code == 302
    assert not StrategicContractNote.objects.filter(contract_id=other).exists()

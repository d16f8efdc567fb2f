"""The placement journey from issue 4, in a real browser.

The placement officer searches for a place for a need, sees the ranked list with reasons,
saves a recommendation of the chosen unit for a case worker and downloads it as a PDF; the
case worker later gives the placement its rating from the start page. axe-core checks each
page on the way.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.ratings.models import Rating
from insyn.ratings.tests.factories import PlacementFactory
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory, category

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _reference_rows(page):
    # The migrations' categories and rating questionnaire can be gone when an earlier
    # transactional test flushed the database without serialized contents to restore
    # (seen when the journeys run after unit tests in one session).
    from insyn.ratings.services import ensure_default_questionnaire
    from insyn.registry.constants import DEFAULT_CATEGORIES
    from insyn.registry.models import Category

    for order, (code, name) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    ensure_default_questionnaire()


def test_officer_searches_for_a_placement_and_downloads_the_recommendation_pdf(
    page, live_server, login, axe_violations
):
    district = OrgUnitFactory(name="Stadsdel Centrum")
    officer = UserFactory(placement_officer=True, username="placering")
    UserFactory(case_worker=True, username="hanna", first_name="Hanna", last_name="Berg")
    provider = ProviderFactory(name="Solrosens Omsorg AB", contact_name="Eva Sol")
    unit = UnitFactory(
        provider=provider,
        name="Solrosens HVB",
        district=district,
        target_age_min=13,
        target_age_max=17,
        focus="Missbruk och kriminalitet",
        ivo_permit_number="IVO 8.1-2024/77",
        vacancies=2,
        price_per_day_framework=Decimal("3900"),
    )
    ContractFactory(provider=provider, units=[unit])
    UnitFactory(name="Vuxenboendet", target_age_min=21, target_age_max=65)

    login(page, live_server, officer)
    page.goto(live_server.url + reverse("placement:search"))
    assert axe_violations(page) == []
    page.get_by_label("Kategori").select_option(label=category().name)
    page.get_by_label("Ålder från").fill("15")
    page.get_by_label("Ålder till").fill("16")
    page.get_by_label("Inriktning").fill("missbruk")
    page.get_by_label("Önskat startdatum").fill(
        (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    page.get_by_label("Stadsdel").select_option(label="Stadsdel Centrum")
    page.get_by_label("Högsta pris per dygn (kr)").fill("4500")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("1 verksamhet passar behovet.")).to_be_visible()
    expect(page.get_by_text("Inriktningen matchar: missbruk")).to_be_visible()
    expect(page.get_by_text("Vuxenboendet")).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_label("Välj Solrosens HVB").check()
    page.get_by_role("combobox", name="Till handläggare").select_option(label="Hanna Berg")
    page.get_by_label("Ärendereferens").fill("IFO-2026-4711")
    page.get_by_role("button", name="Spara rekommendation").click()
    expect(page.get_by_text("Rekommendationen är sparad")).to_be_visible()
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner PDF").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = "".join(p.extract_text() for p in pdf.pages)
    assert provider.org_number in text
    assert "Solrosens HVB" in text
    assert "IVO 8.1-2024/77" in text
    assert "Eva Sol" in text


def test_case_worker_rates_a_due_placement_from_the_start_page(
    page, live_server, login, axe_violations
):
    worker = UserFactory(case_worker=True, username="hanna")
    placement = PlacementFactory(
        case_worker=worker,
        case_reference="IFO-2026-0042",
        start_date=timezone.localdate() - dt.timedelta(days=61),
    )
    login(page, live_server, worker)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("cell", name="IFO-2026-0042", exact=True)).to_be_visible()
    page.get_by_role("link", name="Lämna rating för IFO-2026-0042").click()
    assert axe_violations(page) == []
    for question, answer in [
        ("kompetens", "Mycket god"),
        ("bemött", "Mycket bra"),
        ("samarbetet", "Bra"),
        ("mål", "Helt"),
        ("placera här igen", "Troligen"),
    ]:
        page.get_by_role("group", name=re.compile(question)).get_by_label(
            answer, exact=True
        ).check()
    page.get_by_role("button", name="Skicka rating").click()
    expect(page.get_by_text("Tack! Ratingen är sparad")).to_be_visible()
    rating = Rating.objects.get(placement=placement)
    # 4 + 4 + 3 + 4 + 3 = 18 of 20
    assert rating.points_total == 18

"""The follow-up journey from issue 3, in a real browser.

A controller proposes and approves the annual plan, performs a visit from the plan row where
one answer shows a requirement is not met (a deficiency), sends the report; the provider's
user submits an action plan in the portal; the controller accepts it and downloads the PDF.
axe-core checks the pages on the way.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import DeficiencyStatus
from insyn.followup.models import Deficiency
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

pytestmark = pytest.mark.e2e


def test_plan_visit_deficiency_action_plan_and_pdf(page, live_server, login, axe_violations):
    controller = UserFactory(controller=True, username="uppfoljare", first_name="Ulla")
    # Only the committee decides a plan: this controller holds a recorded delegation.
    Membership.objects.filter(user=controller).update(delegation="KS 2026-01-15 § 3")
    provider = ProviderFactory(name="Lärkans Omsorg AB")
    unit = UnitFactory(provider=provider, name="Lärkans HVB")
    provider_user = UserFactory(provider_user=True, provider=provider, username="larkan")
    year = timezone.localdate().year

    # Propose and approve the plan.
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("followup:plan_list"))
    assert axe_violations(page) == []
    page.get_by_role("spinbutton", name="År").fill(str(year))
    page.get_by_role("button", name="Ny årsplan").click()
    expect(page.get_by_text("Förslaget till uppföljningsplan")).to_be_visible()
    page.get_by_role("button", name="Besluta planen").click()
    # Approving asks first, saying what the decision means.
    expect(page.get_by_role("heading", name=f"Besluta uppföljningsplanen {year}?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, besluta planen").click()
    expect(page.get_by_text(f"Uppföljningsplanen för {year} är beslutad.")).to_be_visible()
    assert axe_violations(page) == []

    # Perform the visit from the plan row; one requirement is not met.
    page.get_by_role("row", name="Lärkans HVB").get_by_role("button", name="Starta").click()
    page.get_by_role("button", name="Ja, starta uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är startad.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Deltagare (t.ex. stadsdelens samordnare)").fill("LINK-samordnare Sara")
    page.get_by_label("Har varje placerad en aktuell genomförandeplan?", exact=True).select_option(
        "no"
    )
    page.get_by_label("Kommentar: Har varje placerad en aktuell genomförandeplan?").fill(
        "Saknas för två placerade"
    )
    page.get_by_role("button", name="Spara svaren").click()
    expect(page.get_by_text("Svaren är sparade.")).to_be_visible()
    # Finishing first shows what it will register; the proposed deficiency is confirmed.
    page.get_by_role("link", name="Avsluta uppföljningen").click()
    expect(page.get_by_label("Registrera som ny brist")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Avsluta uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är avslutad.")).to_be_visible()
    page.get_by_role("button", name="Skicka rapporten till utföraren").click()
    page.get_by_role("button", name="Ja, skicka rapporten").click()
    expect(page.get_by_text("Rapporten är skickad till utföraren")).to_be_visible()
    deficiency = Deficiency.objects.get(unit=unit)

    # The provider submits an action plan in its portal.
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, provider_user)
    page.goto(live_server.url + reverse("followup_portal:home"))
    assert axe_violations(page) == []
    page.get_by_role("link", name=deficiency.description).click()
    expect(page.get_by_label("Åtgärder")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Åtgärder").fill("Genomförandeplaner upprättas för alla placerade.")
    page.get_by_label("Ansvarig hos utföraren").fill("Föreståndare Kim")
    page.get_by_label("Klart senast").fill(f"{year + 1}-01-31")
    page.get_by_role("button", name="Skicka in handlingsplanen").click()
    expect(page.get_by_text("Handlingsplanen är inskickad till kommunen.")).to_be_visible()

    # The controller accepts it and downloads the report.
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("followup:deficiency_detail", args=[deficiency.pk]))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godkänn handlingsplanen").click()
    expect(page.get_by_text("Handlingsplanen är godkänd.")).to_be_visible()
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.PLAN_ACCEPTED
    page.goto(live_server.url + reverse("followup:followup_detail", args=[deficiency.followup_id]))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner rapporten (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("uppfoljningsrapport-UPF-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

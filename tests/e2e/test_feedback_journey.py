"""The feedback journey from issue 4, in a real browser.

A case worker registers a complaint (with a personnummer in the text) and sends it to the
provider; the provider's user sees it masked in the portal and answers with the action
taken; the case worker records the återkoppling and closes the item. axe-core checks each
page on the way.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Status
from insyn.feedback.models import FeedbackItem
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

pytestmark = pytest.mark.e2e

PNR = "850709-9805"


def test_complaint_is_registered_answered_by_the_provider_and_closed(
    page, live_server, login, axe_violations
):
    district = OrgUnitFactory(name="Stadsdel Centrum")
    case_worker = UserFactory(
        case_worker=True, username="handlaggare", first_name="Hanna", org_unit=district
    )
    provider = ProviderFactory(name="Solrosens Omsorg AB")
    unit = UnitFactory(provider=provider, name="Solrosens HVB", district=district)
    provider_user = UserFactory(provider_user=True, provider=provider, username="solros")

    # The case worker registers the complaint.
    login(page, live_server, case_worker)
    page.goto(live_server.url + reverse("feedback:create"))
    assert axe_violations(page) == []
    page.get_by_label("Verksamhet").select_option(label=f"{unit.name} ({provider.name})")
    page.get_by_label("Typ").select_option(label="Klagomål")
    page.get_by_label("Från vem").select_option(label="Närstående (anhörig, god man, etc.)")
    page.get_by_label("Vad gäller det").select_option(label="Bemötande")
    page.get_by_label("Beskrivning").fill(f"Mamma till {PNR} är missnöjd med bemötandet.")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_text("Synpunkten är registrerad")).to_be_visible()
    expect(page.get_by_text("Mamma till 850709-**** är missnöjd")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skicka till utföraren").click()
    expect(page.get_by_text("Synpunkten är skickad till utföraren.")).to_be_visible()
    item = FeedbackItem.objects.get()

    # The provider answers in its portal; the personnummer is masked there.
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, provider_user)
    page.goto(live_server.url + reverse("feedback_portal:list"))
    assert axe_violations(page) == []
    page.get_by_role("link", name=str(item.pk), exact=True).click()
    expect(page.get_by_text("Mamma till 850709-****")).to_be_visible()
    assert PNR not in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Vilken åtgärd har ni vidtagit?").fill(
        "Vi har haft samtal med personalgruppen om bemötande."
    )
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Ert svar är skickat till kommunen")).to_be_visible()

    # The case worker gives the person feedback and closes the item.
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, case_worker)
    page.goto(live_server.url + reverse("feedback:detail", args=[item.pk]))
    answer = page.get_by_role("region", name="Utförarens åtgärd")
    expect(answer).to_contain_text("Vi har haft samtal med personalgruppen")
    page.get_by_label("Vad återkopplades till personen?").fill("Ringde mamman och berättade.")
    page.get_by_role("button", name="Spara återkoppling").click()
    expect(page.get_by_text("Återkopplingen är registrerad.")).to_be_visible()
    page.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_text("Ärendet är avslutat.")).to_be_visible()
    page.goto(live_server.url + reverse("feedback:list"))
    assert axe_violations(page) == []

    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert item.feedback_given_by == case_worker
    assert item.answered_by == provider_user

"""The supplier-check journey from issue 13, in a real browser.

The provider's user uploads its digital annual report (a K2 iXBRL file in a ZIP) in the
portal; the equity ratio of 8 % is a financial warning sign, which raises a red-flag alert
to the controller owning the contract. The controller sees the key figures and the warning
in the dossier and, from the alert on the provider's checks, adds an event-driven follow-up
after the confirm page. axe-core checks the new pages on the way.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.models import PlannedFollowUp
from insyn.notifications.models import Notification
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory

pytestmark = pytest.mark.e2e

K2 = (Path(__file__).resolve().parents[2] / "insyn/suppliers/tests/data/k2_2025.xhtml").read_bytes()


def test_provider_uploads_annual_report_and_controller_follows_up_from_the_alert(
    page, live_server, login, axe_violations, tmp_path
):
    provider = ProviderFactory(name="Solgläntan Omsorg AB", org_number="556036-0793")
    unit = UnitFactory(provider=provider, name="Solgläntan HVB")
    controller = UserFactory(controller=True, username="karin", first_name="Karin")
    ContractFactory(provider=provider, units=[unit], owner=controller)
    provider_user = UserFactory(provider_user=True, provider=provider, username="solglantan")
    archive = tmp_path / "arsredovisning-2025.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("arsredovisning.xhtml", K2)
    archive.write_bytes(buffer.getvalue())

    # The provider uploads its annual report in the portal.
    login(page, live_server, provider_user)
    page.goto(live_server.url + reverse("suppliers_portal:documents"))
    expect(page.get_by_text("Försäkringsbevis: saknas")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Dokumenttyp").select_option(label="Årsredovisning")
    page.get_by_label("Fil").set_input_files(str(archive))
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_text("Tack! Dokumentet är uppladdat.")).to_be_visible()
    expect(page.get_by_text("(nyckeltalen är inlästa)")).to_be_visible()
    assert Notification.objects.filter(recipient=controller, kind="suppliers.red_flag").exists()

    # The controller sees the figures and the warning sign in the dossier …
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("followup:dossier", args=[unit.pk]))
    expect(page.get_by_text("Soliditeten är 8,0 % för 2025, under gränsen 10,0 %.")).to_be_visible()

    # … and adds an event-driven follow-up from the alert, after the confirm page.
    page.goto(live_server.url + reverse("suppliers:provider_checks", args=[provider.pk]))
    expect(page.get_by_role("heading", name="Röda flaggor")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Starta uppföljning av Solgläntan HVB").click()
    expect(
        page.get_by_text("Lägga till en händelsestyrd uppföljning av Solgläntan HVB?")
    ).to_be_visible()
    page.get_by_role("button", name="Ja, lägg till uppföljningen").click()
    expect(
        page.get_by_text("En händelsestyrd uppföljning av Solgläntan HVB är tillagd.")
    ).to_be_visible()
    row = PlannedFollowUp.objects.get()
    assert row.event_driven and row.unit == unit

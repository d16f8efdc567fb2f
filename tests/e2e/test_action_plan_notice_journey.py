"""The action-plan notices, in a real browser: the controller registers a deficiency during a
visit and finishes the follow-up, which asks the provider for an action plan; the provider's
user finds the notice in the notification list, with an e-mail in the outbox, opens it and
submits the plan in the portal; the controller is told and finds the plan to judge."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus
from insyn.followup.models import Deficiency
from insyn.followup.tests.factories import FollowUpFactory
from insyn.notifications import sending
from insyn.notifications.models import Notification, OutgoingMail
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

pytestmark = pytest.mark.e2e


def test_action_plan_requested_answered_in_the_portal_and_the_controller_told(
    page, live_server, login
):
    controller = UserFactory(controller=True, username="uppfoljare", first_name="Ulla")
    provider = ProviderFactory(name="Lärkans Omsorg AB")
    unit = UnitFactory(provider=provider, name="Lärkans HVB")
    provider_user = UserFactory(provider_user=True, provider=provider, username="larkan")
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DRAFT, responsible=controller)
    deadline = timezone.localdate() + dt.timedelta(days=30)

    # The controller registers a deficiency: the provider is asked for an action plan.
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("followup:followup_detail", args=[followup.pk]))
    page.get_by_role("link", name="Registrera brist").click()
    page.get_by_label("Brist").fill("Genomförandeplaner saknas för två placerade")
    page.get_by_label("Krav på åtgärd").fill("Upprätta genomförandeplaner för alla placerade.")
    page.get_by_label("Handlingsplan senast").fill(f"{deadline:%Y-%m-%d}")
    page.get_by_role("button", name="Spara").click()
    registered = "Bristen är registrerad. Utföraren ska lämna en handlingsplan."
    expect(page.get_by_text(registered)).to_be_visible()
    deficiency = Deficiency.objects.get(unit=unit)
    # The provider sees a follow-up's deficiencies once it is finished: the request waits.
    assert not OutgoingMail.objects.filter(recipient=provider_user).exists()
    page.get_by_role("link", name="Avsluta uppföljningen").click()
    page.get_by_role("button", name="Avsluta uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är avslutad.")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()

    # An e-mail to the provider's user is in the outbox, and the worker sends it.
    queued = OutgoingMail.objects.get(recipient=provider_user)
    assert queued.kind == "followup.action_plan_requested"
    assert queued.subject == "Handlingsplan begärd – Lärkans HVB"
    mail.outbox.clear()
    sending.drain()
    (message,) = [m for m in mail.outbox if provider_user.email in m.to]
    assert message.subject.endswith("Handlingsplan begärd – Lärkans HVB")

    # The provider's user finds the notice in the list and opens it in the portal.
    login(page, live_server, provider_user)
    header_link = page.get_by_role("link", name="Aviseringar 1 oläst")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.get_by_text("1 oläst avisering.")).to_be_visible()
    page.get_by_role("link", name="Handlingsplan begärd – Lärkans HVB").click()
    page.wait_for_url(f"**{reverse('followup_portal:deficiency', args=[deficiency.pk])}")
    page.get_by_label("Åtgärder").fill("Genomförandeplaner upprättas för alla placerade.")
    page.get_by_label("Ansvarig hos utföraren").fill("Föreståndare Kim")
    page.get_by_label("Klart senast").fill(f"{deadline + dt.timedelta(days=30):%Y-%m-%d}")
    page.get_by_role("button", name="Skicka in handlingsplanen").click()
    expect(page.get_by_text("Handlingsplanen är inskickad till kommunen.")).to_be_visible()
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.PLAN_SUBMITTED
    page.get_by_role("button", name="Logga ut").click()

    # The controller (the follow-up's responsible) is told and finds the plan to judge.
    told = Notification.objects.get(kind="followup.action_plan_submitted")
    assert told.recipient == controller
    assert OutgoingMail.objects.filter(
        recipient=controller, kind="followup.action_plan_submitted"
    ).exists()
    login(page, live_server, controller)
    header_link = page.get_by_role("link", name="Aviseringar 1 oläst")
    expect(header_link).to_be_visible()
    header_link.click()
    page.get_by_role("link", name="Ny handlingsplan att bedöma – Lärkans HVB").click()
    page.wait_for_url(f"**{reverse('followup:deficiency_detail', args=[deficiency.pk])}")
    expect(page.get_by_role("button", name="Godkänn handlingsplanen")).to_be_visible()

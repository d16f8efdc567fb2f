"""The notification journey from issue 14, in a real browser.

A controller sends a follow-up report; the provider's user sees the unread count in the
header, opens the notification (which marks it read and leads to the report) and chooses how
to get mail per kind; the controller's årshjul shows the planned follow-up in its month, and
the secret calendar address downloads a calendar that parses with the icalendar library.
axe-core checks the pages on the way.
"""

import datetime as dt
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.followup.constants import FollowUpStatus, PlanStatus
from insyn.followup.tests.factories import FollowUpFactory, PlanFactory, PlannedFollowUpFactory
from insyn.notifications.models import Notification, Preference
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

pytestmark = pytest.mark.e2e


def test_report_notice_read_settings_calendar_and_feed(page, live_server, login, axe_violations):
    controller = UserFactory(controller=True, username="uppfoljare", first_name="Ulla")
    provider = ProviderFactory(name="Lärkans Omsorg AB")
    unit = UnitFactory(provider=provider, name="Lärkans HVB")
    provider_user = UserFactory(provider_user=True, provider=provider, username="larkan")
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, responsible=controller)
    year = timezone.localdate().year
    committee = OrgUnitFactory(name="Socialnämnden Centrum", kind="committee")
    plan = PlanFactory(year=year, committee=committee, status=PlanStatus.APPROVED)
    PlannedFollowUpFactory(plan=plan, unit=unit, month=10, responsible=controller)

    # The controller sends the report.
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("followup:followup_detail", args=[followup.pk]))
    page.get_by_role("button", name="Skicka rapporten till utföraren").click()
    page.get_by_role("button", name="Ja, skicka rapporten").click()
    expect(page.get_by_text("Rapporten är skickad till utföraren")).to_be_visible()
    assert Notification.objects.filter(recipient=provider_user).count() == 1
    page.get_by_role("button", name="Logga ut").click()

    # The provider's user sees the unread count in the header and opens the notification.
    login(page, live_server, provider_user)
    header_link = page.get_by_role("link", name="Aviseringar 1 oläst")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.get_by_text("1 oläst avisering.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Uppföljningsrapport – Lärkans HVB").click()
    page.wait_for_url(f"**{reverse('followup_portal:report', args=[followup.pk])}")
    expect(page.get_by_role("link", name="Aviseringar", exact=True)).to_be_visible()
    assert Notification.objects.get(recipient=provider_user).read_at is not None
    page.goto(live_server.url + reverse("notifications:list"))
    expect(page.get_by_text("0 olästa aviseringar.")).to_be_visible()
    expect(page.get_by_role("row", name="Uppföljningsrapport – Lärkans HVB")).to_contain_text(
        "Läst"
    )

    # … and chooses how to get mail: reports in the daily digest, returned plans never.
    page.get_by_role("link", name="Välj hur du får e-post").click()
    assert axe_violations(page) == []
    page.get_by_label("Uppföljningsrapport skickad").select_option(label="Daglig sammanfattning")
    page.get_by_label("Handlingsplan återsänd").select_option(label="Ingen e-post")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina val för e-post är sparade.")).to_be_visible()
    expect(page.get_by_label("Uppföljningsrapport skickad")).to_have_value("digest")
    expect(page.get_by_label("Egenrapport att besvara")).to_have_value("immediate")
    saved = dict(Preference.objects.filter(user=provider_user).values_list("kind", "delivery"))
    assert saved["followup.report_sent"] == "digest"
    assert saved["followup.action_plan_returned"] == "none"
    page.get_by_role("button", name="Logga ut").click()

    # The controller's årshjul shows the planned follow-up in October.
    login(page, live_server, controller)
    page.goto(live_server.url + reverse("notifications:calendar") + f"?ar={year}")
    october = page.locator("h2", has_text="Oktober").locator("xpath=following-sibling::*[1]")
    expect(october).to_contain_text("Planerad uppföljning")
    expect(october).to_contain_text("Lärkans HVB")
    page.get_by_label("Visa").select_option(label="Planerade uppföljningar")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_text("1 datum under året.")).to_be_visible()
    assert axe_violations(page) == []

    # The secret calendar address downloads a calendar with the same event.
    page.get_by_role("button", name="Skapa kalenderadress").click()
    expect(page.get_by_text("Ny kalenderadress skapad.")).to_be_visible()
    feed_url = page.get_by_label("Kalenderadress").input_value()
    assert "/aviseringar/kalender/" in feed_url and feed_url.endswith(".ics")
    path = feed_url.split("/aviseringar/", 1)[1]
    with urllib.request.urlopen(f"{live_server.url}/aviseringar/{path}") as response:  # noqa: S310
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        body = response.read()
    events = Calendar.from_ical(body).walk("VEVENT")
    october_events = [
        (str(e["summary"]), e.decoded("dtstart"))
        for e in events
        if e.decoded("dtstart") == dt.date(year, 10, 1)
    ]
    assert october_events == [
        ("Planerad uppföljning: Lärkans HVB – Verksamhetsbesök (på plats)", dt.date(year, 10, 1))
    ]


def test_the_administrator_finds_a_failed_mail_and_resends_it(
    page, live_server, login, axe_violations
):
    from insyn.followup import notices
    from insyn.followup.tests.factories import DeficiencyFactory
    from insyn.notifications.models import OutgoingMail

    admin = UserFactory(admin=True, username="systemforvaltare")
    provider = ProviderFactory(name="Lärkans Omsorg AB")
    unit = UnitFactory(provider=provider, name="Lärkans HVB")
    UserFactory(provider_user=True, provider=provider, username="larkan")
    UserFactory(provider_user=True, provider=provider, username="bertil")
    deficiency = DeficiencyFactory(followup=FollowUpFactory(unit=unit, status="done"))
    notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    OutgoingMail.objects.filter(recipient__username="larkan").update(
        status="failed", attempts=4, last_error="SMTPServerDisconnected: Connection closed"
    )
    OutgoingMail.objects.filter(recipient__username="bertil").update(status="sent", attempts=1)

    login(page, live_server, admin)
    page.get_by_role("link", name="Utskick").click()
    expect(page.get_by_text("2 utskick.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Status").select_option(label="Kunde inte skickas")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("1 utskick.")).to_be_visible()
    row = page.get_by_role("row", name="larkan")
    expect(row).to_contain_text("SMTPServerDisconnected: Connection closed")
    row.get_by_role("button", name="Skicka igen").click()
    expect(page.get_by_role("heading", name="Skicka igen till")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ja, skicka igen").click()
    expect(page.get_by_text("är köat för att skickas igen.")).to_be_visible()
    mail = OutgoingMail.objects.get(recipient__username="larkan")
    assert mail.attempts == 0 and mail.status in ("pending", "sent")

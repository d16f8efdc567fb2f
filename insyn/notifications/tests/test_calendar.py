"""The årshjul page and the iCalendar feed (parsed with the icalendar library)."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.followup.constants import FollowUpStatus, PlanStatus
from insyn.followup.tests.factories import (
    DeficiencyFactory,
    FollowUpFactory,
    PlanFactory,
    PlannedFollowUpFactory,
)
from insyn.notifications import calendar
from insyn.notifications.models import CalendarFeed, CommitteeMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(controller, unit, other_unit):
    committee = OrgUnitFactory(name="Socialnämnden Centrum", kind="committee")
    plan = PlanFactory(year=2026, committee=committee, status=PlanStatus.APPROVED)
    PlannedFollowUpFactory(plan=plan, unit=unit, month=3, responsible=controller)
    PlannedFollowUpFactory(plan=plan, unit=other_unit, month=9)
    report = FollowUpFactory(unit=unit, status=FollowUpStatus.SENT, deadline=dt.date(2026, 4, 15))
    done = FollowUpFactory(unit=other_unit, status=FollowUpStatus.DONE)
    DeficiencyFactory(followup=done, deadline=dt.date(2026, 5, 20))
    CommitteeMeeting.objects.create(committee=committee, date=dt.date(2026, 6, 11))
    return {"committee": committee, "report": report}


def test_a_controller_sees_the_year_month_by_month(client, controller, year_2026):
    found = calendar.entries(controller, 2026)
    assert [(e.date, e.kind, e.title) for e in found] == [
        (
            dt.date(2026, 3, 1),
            "Planerad uppföljning",
            "Egen Väg Hisingen – Verksamhetsbesök (på plats)",
        ),
        (dt.date(2026, 4, 15), "Egenrapport, sista svarsdag", "Egen Väg Hisingen"),
        (dt.date(2026, 5, 20), "Handlingsplan, sista dag", "Annan Omsorg Majorna"),
        (dt.date(2026, 6, 11), "Nämndsammanträde", "Socialnämnden Centrum"),
        (
            dt.date(2026, 9, 1),
            "Planerad uppföljning",
            "Annan Omsorg Majorna – Verksamhetsbesök (på plats)",
        ),
    ]
    mine = calendar.entries(controller, 2026, mine=True)
    assert [e.date for e in mine] == [dt.date(2026, 3, 1), dt.date(2026, 6, 11)]
    client.force_login(controller)
    page = client.get(reverse("notifications:calendar"), {"ar": "2026"}).content.decode()
    assert "<h2>Mars</h2>" in page and "5 datum under året." in page


def test_a_provider_sees_only_its_own_deadlines(provider_user, year_2026):
    found = calendar.entries(provider_user, 2026)
    assert [(e.date, e.kind, e.link) for e in found] == [
        (
            dt.date(2026, 4, 15),
            "Egenrapport, sista svarsdag",
            f"/portal/uppfoljning/egenrapport/{year_2026['report'].pk}/",
        )
    ]


def test_the_feed_parses_and_a_renewed_secret_is_404(client, controller, year_2026, settings):
    settings.SITE_URL = "https://insyn.kommun.se"
    client.force_login(controller)
    client.post(reverse("notifications:calendar_renew"))
    token = CalendarFeed.objects.get(user=controller).token
    client.logout()
    import time_machine

    with time_machine.travel(dt.datetime(2026, 2, 1, 12, 0), tick=False):
        response = client.get(reverse("notifications:calendar_feed", args=[token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        (
            "Planerad uppföljning: Egen Väg Hisingen – Verksamhetsbesök (på plats)",
            dt.date(2026, 3, 1),
        ),
        ("Egenrapport, sista svarsdag: Egen Väg Hisingen", dt.date(2026, 4, 15)),
        ("Handlingsplan, sista dag: Annan Omsorg Majorna", dt.date(2026, 5, 20)),
        ("Nämndsammanträde: Socialnämnden Centrum", dt.date(2026, 6, 11)),
        (
            "Planerad uppföljning: Annan Omsorg Majorna – Verksamhetsbesök (på plats)",
            dt.date(2026, 9, 1),
        ),
    ]
    assert str(events[1]["url"]) == (
        f"https://insyn.kommun.se/uppfoljning/{year_2026['report'].pk}/"
    )
    client.force_login(controller)
    client.post(reverse("notifications:calendar_renew"))
    client.logout()
    assert client.get(reverse("notifications:calendar_feed", args=[token])).status_code == 404
    assert client.get("/aviseringar/kalender/fel.ics").status_code == 404

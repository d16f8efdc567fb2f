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


@pytest.fixture
def report_dates(year_2026):
    from insyn.notifications.models import ReportDate

    other = OrgUnitFactory(name="Socialnämnden Norr", kind="committee")
    return {
        # the annual report 2025 at the year-end accounts, the council report on strategic
        # contracts for all committees, and a tertial report for another committee
        "annual": ReportDate.objects.create(
            report="annual", year=2025, date=dt.date(2026, 2, 13), committee=year_2026["committee"]
        ),
        "council": ReportDate.objects.create(
            report="council", year=2025, date=dt.date(2026, 3, 31)
        ),
        "tertial": ReportDate.objects.create(
            report="tertial", year=2026, date=dt.date(2026, 5, 15), committee=other
        ),
        "next_year": ReportDate.objects.create(
            report="annual", year=2026, date=dt.date(2027, 2, 12)
        ),
    }


def test_report_dates_are_in_the_calendar_with_filters(
    client, controller, year_2026, report_dates, django_assert_max_num_queries
):
    committee = year_2026["committee"]
    reports = calendar.entries(controller, 2026, category="rapport")
    assert [(e.date, e.kind, e.title) for e in reports] == [
        (dt.date(2026, 2, 13), "Årsrapport 2025, sista dag", "Socialnämnden Centrum"),
        (
            dt.date(2026, 3, 31),
            "Rapport om strategiska avtal till kommunfullmäktige 2025, sista dag",
            "Alla nämnder",
        ),
        (dt.date(2026, 5, 15), "Tertialrapport synpunkter 2026, sista dag", "Socialnämnden Norr"),
    ]
    assert reports[0].link == f"/rapporter/arsrapport/?year=2025&org_unit={committee.pk}"
    # one committee: its own report dates and the municipality-wide ones, not another's
    centrum = calendar.entries(controller, 2026, committee_id=committee.pk, category="rapport")
    assert [e.date for e in centrum] == [dt.date(2026, 2, 13), dt.date(2026, 3, 31)]
    assert [e.kind for e in calendar.entries(controller, 2026, category="sammantrade")] == [
        "Nämndsammanträde"
    ]
    assert calendar.entries(controller, 2027, category="rapport")[0].date == dt.date(2027, 2, 12)
    client.force_login(controller)
    with django_assert_max_num_queries(20):
        page = client.get(
            reverse("notifications:calendar"), {"ar": "2026", "typ": "rapport"}
        ).content.decode()
    assert "3 datum under året." in page
    assert "Årsrapport 2025, sista dag" in page and "Planerad uppföljning" not in page
    # an unknown filter value shows everything
    page = client.get(reverse("notifications:calendar"), {"ar": "2026", "typ": "x"}).content
    assert "8 datum under året." in page.decode()


def test_a_provider_sees_no_report_dates(provider_user, report_dates):
    assert calendar.entries(provider_user, 2026, category="rapport") == []


def test_the_feed_carries_the_report_dates(client, controller, report_dates, settings):
    import time_machine

    settings.SITE_URL = "https://insyn.kommun.se"
    client.force_login(controller)
    client.post(reverse("notifications:calendar_renew"))
    token = CalendarFeed.objects.get(user=controller).token
    client.logout()
    with time_machine.travel(dt.datetime(2026, 2, 1, 12, 0), tick=False):
        body = client.get(reverse("notifications:calendar_feed", args=[token])).content
    events = {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    annual = events["Årsrapport 2025, sista dag: Socialnämnden Centrum"]
    assert annual.decoded("dtstart") == dt.date(2026, 2, 13)
    assert str(annual["url"]).startswith("https://insyn.kommun.se/rapporter/arsrapport/?year=2025")
    # next year's report date is in the feed too (this year and next)
    assert events["Årsrapport 2026, sista dag: Alla nämnder"].decoded("dtstart") == dt.date(
        2027, 2, 12
    )


def test_the_demo_year_has_report_dates_and_thursday_meetings_once():
    from insyn.notifications.demo import _year_calendar
    from insyn.notifications.models import ReportDate

    committee = OrgUnitFactory(name="Socialnämnden Centrum", kind="committee")
    _year_calendar(2026)
    _year_calendar(2026)  # re-seeding adds nothing
    assert list(ReportDate.objects.values_list("report", "year", "date")) == [
        ("annual", 2025, dt.date(2026, 2, 13)),
        ("council", 2025, dt.date(2026, 3, 31)),
        ("tertial", 2026, dt.date(2026, 5, 15)),
        ("tertial", 2026, dt.date(2026, 9, 15)),
        ("annual", 2026, dt.date(2027, 2, 12)),
    ]
    meetings = list(CommitteeMeeting.objects.filter(committee=committee))
    assert len(meetings) == 9
    assert {m.date.weekday() for m in meetings} == {3}  # Thursdays
    assert meetings[0].date == dt.date(2026, 2, 12)  # the second Thursday of February

"""The year's calendar (årshjul): planned follow-ups, self-report and action-plan deadlines,
report dates and committee meetings, for one person or one committee; also as iCalendar."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from icalendar import Calendar, Event

from insyn.accounts.predicates import is_municipal
from insyn.core.links import absolute_url
from insyn.followup import queries as followup_queries
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus

from .constants import ReportKind
from .models import CommitteeMeeting, ReportDate

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


# The calendar's filter "Visa": value → label; each entry belongs to one category.
CATEGORIES = {
    "uppfoljning": "Planerade uppföljningar",
    "egenrapport": "Egenrapporter",
    "handlingsplan": "Handlingsplaner",
    "rapport": "Rapporter",
    "sammantrade": "Nämndsammanträden",
}


@dataclass(frozen=True)
class Entry:
    uid: str
    date: dt.date
    kind: str
    title: str
    link: str
    category: str = ""


def entries(
    user, year: int, committee_id: int | None = None, mine: bool = False, category: str = ""
) -> list[Entry]:
    """The year's dates the user may see, in date order; one query per source.

    Staff: planned follow-ups (first day of the month; `committee_id` limits to that
    committee's plan, `mine` to rows the user is responsible for), sent self-reports' and
    open deficiencies' deadlines (`mine`: of follow-ups the user is responsible for) and the
    committees' meetings and report dates (ReportDate). Provider users: their own
    self-report and action-plan deadlines. `category` (a CATEGORIES key) keeps one sort.

    Example: a plan row for Solgläntan in March 2026 gives
    Entry(date=2026-03-01, kind="Planerad uppföljning", title="Solgläntan – Platsbesök")."""
    found = []
    if is_municipal(user):
        rows = followup_queries.plan_rows_for(user).filter(plan__year=year)
        if committee_id:
            rows = rows.filter(plan__committee_id=committee_id)
        if mine:
            rows = rows.filter(responsible=user)
        for row in rows:
            found.append(
                Entry(
                    f"planrad-{row.pk}",
                    dt.date(year, row.month, 1),
                    "Planerad uppföljning",
                    f"{row.unit.name} – {row.get_method_display()}",
                    reverse("followup:plan_detail", args=[row.plan_id]) + f"#row-{row.pk}",
                    "uppfoljning",
                )
            )
    followups = followup_queries.followups_for(user).filter(
        status=FollowUpStatus.SENT, deadline__year=year
    )
    deficiencies = followup_queries.deficiencies_for(user).filter(
        status=DeficiencyStatus.OPEN, deadline__year=year
    )
    if is_municipal(user) and mine:
        followups = followups.filter(responsible=user)
        deficiencies = deficiencies.filter(followup__responsible=user)
    provider = not is_municipal(user)
    for followup in followups:
        found.append(
            Entry(
                f"egenrapport-{followup.pk}",
                followup.deadline,
                "Egenrapport, sista svarsdag",
                followup.unit.name,
                reverse("followup_portal:self_report", args=[followup.pk])
                if provider
                else reverse("followup:followup_detail", args=[followup.pk]),
                "egenrapport",
            )
        )
    for deficiency in deficiencies:
        found.append(
            Entry(
                f"handlingsplan-{deficiency.pk}",
                deficiency.deadline,
                "Handlingsplan, sista dag",
                deficiency.unit.name,
                reverse("followup_portal:deficiency", args=[deficiency.pk])
                if provider
                else reverse("followup:deficiency_detail", args=[deficiency.pk]),
                "handlingsplan",
            )
        )
    if is_municipal(user):
        meetings = CommitteeMeeting.objects.filter(date__year=year).select_related("committee")
        if committee_id:
            meetings = meetings.filter(committee_id=committee_id)
        for meeting in meetings:
            found.append(
                Entry(
                    f"sammantrade-{meeting.pk}",
                    meeting.date,
                    meeting.title,
                    meeting.committee.name,
                    "",
                    "sammantrade",
                )
            )
        found.extend(_report_dates(user, year, committee_id))
    if category:
        found = [e for e in found if e.category == category]
    return sorted(found, key=lambda e: (e.date, e.kind, e.title))


def _report_link(user, report_date) -> str:
    committee = report_date.committee_id or ""
    if report_date.report == ReportKind.TERTIAL:
        if not user.has_perm("reports.view_feedback_table"):
            return ""
        return reverse("reports:feedback_table") + f"?year={report_date.year}&org_unit={committee}"
    if not user.has_perm("reports.view_reports"):
        return ""
    if report_date.report == ReportKind.ANNUAL:
        return reverse("reports:annual_report") + f"?year={report_date.year}&org_unit={committee}"
    return reverse("reports:council_report") + f"?year={report_date.year}"


def _report_dates(user, year: int, committee_id: int | None) -> list[Entry]:
    """The year's report dates (one query): every committee's, or one committee's and the
    municipality-wide ones. Example: the annual report 2026 due 2027-02-15 is in 2027."""
    dates = ReportDate.objects.filter(date__year=year).select_related("committee")
    if committee_id:
        dates = dates.filter(Q(committee_id=committee_id) | Q(committee__isnull=True))
    return [
        Entry(
            f"rapport-{d.pk}",
            d.date,
            f"{d.get_report_display()} {d.year}, sista dag",
            d.committee.name if d.committee else "Alla nämnder",
            _report_link(user, d),
            "rapport",
        )
        for d in dates
    ]


def by_month(found: list[Entry]) -> list[tuple[str, list[Entry]]]:
    months = [(name, []) for name in MONTHS]
    for entry in found:
        months[entry.date.month - 1][1].append(entry)
    return months


def ical(found: list[Entry], municipality: str) -> bytes:
    """An iCalendar file: one all-day event per entry, UID stable across downloads."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Insyn//{municipality}//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Insyn – {municipality}")
    stamp = dt.datetime.now(dt.UTC)
    for entry in found:
        event = Event()
        event.add("uid", f"{entry.uid}@insyn")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", f"{entry.kind}: {entry.title}")
        if entry.link:
            event.add("url", absolute_url(entry.link))
            event.add("description", absolute_url(entry.link))
        calendar.add_component(event)
    return calendar.to_ical()

"""Handling-time targets in calendar and working days (Swedish holidays), at their edges."""

import datetime as dt

import pytest
import time_machine

from insyn.feedback import handling
from insyn.feedback.constants import Concern, DayType, Status
from insyn.feedback.models import HandlingTarget

from .factories import FeedbackItemFactory


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2026, 3, 6), 1, dt.date(2026, 3, 9)),  # Friday → Monday
        (dt.date(2026, 4, 2), 1, dt.date(2026, 4, 7)),  # Skärtorsdag → over Easter
        (dt.date(2026, 6, 18), 1, dt.date(2026, 6, 22)),  # midsommarafton 19 June is off
        (dt.date(2026, 12, 23), 1, dt.date(2026, 12, 28)),  # julafton, juldagen, annandag
        (dt.date(2026, 12, 30), 1, dt.date(2027, 1, 4)),  # nyårsafton, nyårsdagen, weekend
        (dt.date(2026, 3, 2), 20, dt.date(2026, 3, 30)),
    ],
)
def test_working_days_skip_weekends_and_swedish_holidays(start, days, expected):
    assert handling.add_days(start, days, DayType.WORKING) == expected


def test_calendar_days_count_every_day():
    assert handling.add_days(dt.date(2026, 12, 23), 3, DayType.CALENDAR) == dt.date(2026, 12, 26)


@pytest.mark.django_db
def test_due_date_uses_the_categorys_target():
    HandlingTarget.objects.filter(concern=Concern.STAFFING).update(
        days=10, day_type=DayType.CALENDAR
    )
    assert handling.due_date(Concern.STAFFING, dt.date(2026, 3, 2)) == dt.date(2026, 3, 12)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 20, 12, 0), tick=False)
def test_past_target_is_false_on_the_due_date_and_true_the_day_after(unit):
    today = dt.date(2026, 3, 20)
    on_due = FeedbackItemFactory(unit=unit, due_on=today, received_on=dt.date(2026, 3, 1))
    day_after = FeedbackItemFactory(
        unit=unit, due_on=today - dt.timedelta(days=1), received_on=dt.date(2026, 3, 1)
    )
    assert handling.is_past_target(on_due, today) is False
    assert handling.is_past_target(day_after, today) is True
    assert handling.days_open(on_due, today) == 19


@pytest.mark.django_db
def test_a_closed_item_stops_counting_days(unit):
    item = FeedbackItemFactory(
        unit=unit,
        status=Status.CLOSED,
        received_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 3, 10),
        closed_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC),
    )
    assert handling.days_open(item, dt.date(2026, 6, 1)) == 4
    assert handling.is_past_target(item, dt.date(2026, 6, 1)) is False

"""Handling-time targets: when an item should be handled, how long it has been open.

Rule (documented in docs/feedback.md): each category (what the item concerns) has a target in
days, counted either in calendar days or in working days. Working days skip Saturdays,
Sundays, Swedish public holidays from the `holidays` package, and midsommarafton, julafton and
nyårsafton (not public holidays by law but days off by collective agreement). Counting starts
the day after the item was received, so a target of 1 working day for an item received on a
Friday falls on the Monday. A category without its own row uses the default in
FeedbackSettings. An item is past its target when it is still open after its due date, or
was closed after it.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

from .constants import DayType
from .models import FeedbackItem, FeedbackSettings, HandlingTarget


@lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[dt.date]:
    days = set(holidays.Sweden(years=year).keys())
    days.update(dt.date(year, month, day) for month, day in ((12, 24), (12, 31)))
    # Midsommarafton: the Friday between 19 and 25 June.
    days.update(d for d in (dt.date(year, 6, day) for day in range(19, 26)) if d.weekday() == 4)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def add_days(start: dt.date, days: int, day_type: str) -> dt.date:
    if day_type == DayType.CALENDAR:
        return start + dt.timedelta(days=days)
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def target_for(concern: str) -> tuple[int, str]:
    target = HandlingTarget.objects.filter(concern=concern).first()
    if target is not None:
        return target.days, target.day_type
    settings = FeedbackSettings.load()
    return settings.default_target_days, settings.default_target_day_type


def due_date(concern: str, start: dt.date) -> dt.date:
    days, day_type = target_for(concern)
    return add_days(start, days, day_type)


def days_open(item: FeedbackItem, today: dt.date) -> int:
    end = _closed_on(item) or today
    return max(0, (end - item.received_on).days)


def is_past_target(item: FeedbackItem, today: dt.date) -> bool:
    if item.due_on is None:
        return False
    end = _closed_on(item) or today
    return end > item.due_on


def _closed_on(item: FeedbackItem) -> dt.date | None:
    if item.is_open or item.closed_at is None:
        return None
    return timezone.localtime(item.closed_at).date()

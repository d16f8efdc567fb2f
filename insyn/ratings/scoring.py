"""The rating rules, as plain functions: a rating's score and a unit's aggregated rating.

Score of one rating = 100 × (sum of the points of the chosen alternatives) / (sum of each
question's highest points), rounded half-up to one decimal. So 4+3+3+4+2 = 16 of 20 gives 80.0.
Normalising makes ratings on different questionnaire versions comparable.

A unit's rating = the arithmetic mean of its ratings' scores submitted within the last
RATING_WINDOW_MONTHS months (conf.py), rounded to one decimal, shown with the count. Below
RATING_MIN_COUNT ratings the mean is hidden (None), so one case worker can't be identified.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from . import conf

ONE_DECIMAL = Decimal("0.1")


def score(points: Iterable[int], max_points: int) -> Decimal:
    if max_points <= 0:
        raise ValueError("max_points must be positive")
    total = sum(points)
    return (Decimal(100) * total / Decimal(max_points)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def aggregate(
    scores: Iterable[Decimal], min_count: int | None = None
) -> tuple[Decimal | None, int]:
    """(mean, count); the mean is None when count is below the minimum."""
    values = list(scores)
    min_count = conf.get("RATING_MIN_COUNT") if min_count is None else min_count
    if not values or len(values) < min_count:
        return None, len(values)
    return shown_mean(sum(values, Decimal(0)) / len(values), len(values), min_count)


def shown_mean(mean, count: int, min_count: int | None = None) -> tuple[Decimal | None, int]:
    """Apply the minimum-count rule to a mean computed by the database."""
    min_count = conf.get("RATING_MIN_COUNT") if min_count is None else min_count
    if mean is None or count < min_count:
        return None, count
    return Decimal(mean).quantize(ONE_DECIMAL, ROUND_HALF_UP), count


def months_back(day: dt.date, months: int) -> dt.date:
    """Same day `months` earlier; the last day of the month when that day doesn't exist."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def window_start(today: dt.date) -> dt.date:
    """First day counted in the rating window (inclusive)."""
    return months_back(today, conf.get("RATING_WINDOW_MONTHS"))

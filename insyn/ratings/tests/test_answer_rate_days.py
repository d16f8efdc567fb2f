"""The nightly per-district answer counts: the same rates as counting placements exactly,
used only while current, and the page says when they were counted."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.ratings.constants import PlacementStatus
from insyn.ratings.models import AnswerRateDay
from insyn.ratings.queries import answer_rates, answer_rates_counted_on
from insyn.ratings.services import refresh_answer_rate_days
from insyn.ratings.tests.factories import PlacementFactory, RatingFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def placements():
    askim, majorna = OrgUnitFactory(name="Askim"), OrgUnitFactory(name="Majorna")
    for i in range(4):  # due 10–13 days ago; three answered
        p = PlacementFactory(district=askim, start_date=TODAY - dt.timedelta(days=70 + i))
        if i < 3:
            RatingFactory(placement=p)
    PlacementFactory(district=majorna, start_date=TODAY - dt.timedelta(days=70))
    PlacementFactory(district=majorna, start_date=TODAY - dt.timedelta(days=5))  # not yet due
    PlacementFactory(  # cancelled: never counts
        district=majorna, start_date=TODAY - dt.timedelta(days=80), status=PlacementStatus.CANCELLED
    )
    PlacementFactory(district=majorna, start_date=dt.date(2020, 1, 1))  # before the window
    return askim, majorna


def test_counted_rates_equal_the_exact_rates(placements):
    exact = answer_rates(TODAY)
    assert [(r["district"], r["due"], r["answered"]) for r in exact] == [
        ("Askim", 4, 3),
        ("Majorna", 1, 0),
    ]
    refresh_answer_rate_days(TODAY)
    assert answer_rates_counted_on(TODAY) == TODAY
    assert answer_rates(TODAY) == exact
    # A window that starts later leaves the older placements out in both.
    since = TODAY - dt.timedelta(days=11)
    counted = answer_rates(TODAY, since)
    AnswerRateDay.objects.all().delete()
    assert counted == answer_rates(TODAY, since)
    assert [(r["district"], r["due"]) for r in counted] == [("Askim", 2), ("Majorna", 1)]


def test_rows_older_than_yesterday_are_not_used(placements):
    refresh_answer_rate_days(TODAY - dt.timedelta(days=1))
    AnswerRateDay.objects.update(due=1000)  # visible if read
    assert answer_rates_counted_on(TODAY) == TODAY - dt.timedelta(days=1)
    assert answer_rates(TODAY)[0]["due"] == 4000  # Askim's four due dates
    refresh_answer_rate_days(TODAY - dt.timedelta(days=2))
    AnswerRateDay.objects.update(due=1000)
    assert answer_rates_counted_on(TODAY) is None
    assert answer_rates(TODAY)[0]["due"] == 4


@time_machine.travel(dt.datetime(2026, 11, 24, 9, 0), tick=False)
def test_page_says_when_the_rates_were_counted(client, controller, placements):
    client.force_login(controller)
    assert "Räknat just nu" in client.get(reverse("ratings:answer_rates")).content.decode()
    refresh_answer_rate_days(TODAY)
    body = client.get(reverse("ratings:answer_rates")).content.decode()
    assert "Räknat 2026-11-24" in body
    assert "75,0 %" in body or "75.0 %" in body

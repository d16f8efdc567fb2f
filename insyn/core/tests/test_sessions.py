"""Sliding session expiry with one write per few minutes (insyn/core/sessions.py)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from insyn.accounts.tests.factories import UserFactory
from insyn.core.sessions import refresh_due

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("last", "now", "due"),
    [
        (None, 1_000, True),  # never refreshed: save
        (1_000, 1_000, False),
        (1_000, 1_299, False),  # 4 min 59 s later
        (1_000, 1_300, True),  # exactly 5 minutes
        (1_000, 9_999, True),
    ],
)
def test_refresh_is_due_after_the_interval(last, now, due):
    assert refresh_due(last, now, 300) is due


@given(st.integers(0, 10**9), st.integers(0, 10**6), st.integers(1, 10**5))
def test_refresh_is_due_exactly_when_the_interval_has_passed(last, elapsed, every):
    assert refresh_due(last, last + elapsed, every) is (elapsed >= every)


def _session_writes(queries):
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, _session_writes(ctx.captured_queries)


@pytest.mark.django_db
def test_pages_write_the_session_once_per_interval_and_the_expiry_slides(client, settings):
    settings.SESSION_REFRESH_SECONDS = 300
    user = UserFactory(controller=True)
    home = reverse("home")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)  # the login's own save is the first refresh
        response, writes = _get(client, home)
        assert response.status_code == 200
        assert writes == []
        key = client.session.session_key
        first_expiry = Session.objects.get(pk=key).expire_date
        assert first_expiry == START + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)

        traveller.shift(dt.timedelta(minutes=4))
        assert _get(client, home)[1] == []  # within 5 minutes: no write
        assert Session.objects.get(pk=key).expire_date == first_expiry

        traveller.shift(dt.timedelta(minutes=1))
        assert len(_get(client, home)[1]) == 1
        assert Session.objects.get(pk=key).expire_date == first_expiry + dt.timedelta(minutes=5)


@pytest.mark.django_db
def test_a_working_day_without_a_page_ends_the_session(client):
    user = UserFactory(controller=True)
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(hours=7, minutes=58))
        assert client.get(reverse("home")).status_code == 200  # still in: refreshed now
        traveller.shift(dt.timedelta(hours=8, seconds=1))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_anonymous_visitors_get_no_session(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("public:start"))
    assert response.status_code == 200
    assert _session_writes(ctx.captured_queries) == []
    assert "sessionid" not in response.cookies

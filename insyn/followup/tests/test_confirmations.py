"""Irreversible or outward steps ask first (issue 11): the button's POST shows what will
happen with "Ja, …" and "Avbryt"; nothing changes until the confirming POST."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.followup.constants import PlanStatus
from insyn.followup.models import FollowUp, ReportDispatch

from .factories import PlannedFollowUpFactory
from .helpers import finish_as_proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def _asks(response, title, *lines):
    page = response.content.decode()
    assert response.status_code == 200, response
    assert f"<h1>{title}</h1>" in page
    for line in lines:
        assert line in page
    assert 'name="confirmed" value="1"' in page and ">Avbryt</a>" in page
    return page


def test_approving_a_plan_asks_first_and_names_the_row_count(client, manager, unit):
    row = PlannedFollowUpFactory(unit=unit, month=3)
    PlannedFollowUpFactory(plan=row.plan, month=5)
    client.force_login(manager)
    url = reverse("followup:plan_approve", args=[row.plan.pk])
    page = _asks(
        client.post(url),
        "Besluta uppföljningsplanen 2026?",
        "Planens 2 uppföljningar blir det beslutade innehållet",
        "Beslutet kan inte ångras.",
    )
    assert f'href="{row.plan.get_absolute_url()}">Avbryt' in page
    row.plan.refresh_from_db()
    assert row.plan.status != PlanStatus.APPROVED
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    row.plan.refresh_from_db()
    assert row.plan.status == PlanStatus.APPROVED


def test_starting_from_a_plan_row_asks_first_and_cancel_returns_to_the_row(
    client, controller, unit
):
    row = PlannedFollowUpFactory(unit=unit, month=3)
    client.force_login(controller)
    url = reverse("followup:plan_row_start", args=[row.pk])
    page = _asks(client.post(url), f"Starta uppföljningen av {unit.name}?", "kan inte tas bort")
    assert f'href="{row.plan.get_absolute_url()}#row-{row.pk}">Avbryt' in page
    assert not FollowUp.objects.exists()
    client.post(url, {"confirmed": "1"})
    assert FollowUp.objects.get(planned=row)


def test_sending_the_report_asks_first_and_names_the_provider(client, controller, unit):
    row = PlannedFollowUpFactory(unit=unit, month=3)
    client.force_login(controller)
    client.post(reverse("followup:plan_row_start", args=[row.pk]), {"confirmed": "1"})
    followup = FollowUp.objects.get(planned=row)
    finish_as_proposed(client, followup)
    url = reverse("followup:report_send", args=[followup.pk])
    _asks(
        client.post(url),
        f"Skicka rapporten till {unit.provider.name}?",
        "En skickad rapport kan inte tas tillbaka.",
    )
    assert not ReportDispatch.objects.exists()
    client.post(url, {"confirmed": "1"})
    assert ReportDispatch.objects.filter(followup=followup).count() == 1

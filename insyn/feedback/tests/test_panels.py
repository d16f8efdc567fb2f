"""Feedback sections on the start pages and the unit page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from insyn.feedback.constants import Kind, Status

from .conftest import PNR
from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_unit_page_counts_kinds_over_the_last_12_months(client, controller, unit):
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2026, 3, 1))
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2025, 3, 11))
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2025, 3, 9))
    FeedbackItemFactory(unit=unit, kind=Kind.PRAISE, received_on=dt.date(2026, 1, 1))
    client.force_login(controller)
    response = client.get(reverse("registry:unit_detail", args=[unit.pk]))
    panel = next(p for p in response.context["panels"] if p.template.startswith("feedback/"))
    counts = dict(panel.context["by_kind"])
    assert counts["Klagomål"] == 2
    assert counts["Beröm"] == 1
    assert counts["Avvikelse"] == 0


def test_unit_page_lists_open_items_with_masked_text(client, controller, unit):
    FeedbackItemFactory(unit=unit, text=f"Om {PNR} igen", status=Status.SENT)
    FeedbackItemFactory(unit=unit, text="Avslutat ärende", status=Status.CLOSED)
    client.force_login(controller)
    body = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert "Om 850709-**** igen" in body
    assert "Avslutat ärende" not in body


def test_portal_start_page_lists_items_awaiting_the_answer(client, provider_user, unit):
    waiting = FeedbackItemFactory(unit=unit, status=Status.SENT)
    FeedbackItemFactory(unit=unit, status=Status.ANSWERED)
    FeedbackItemFactory(unit=unit, status=Status.REGISTERED)
    client.force_login(provider_user)
    response = client.get(reverse("portal:home"))
    panel = next(p for p in response.context["panels"] if p.template.startswith("feedback/"))
    assert panel.context["count"] == 1
    assert [r.item for r in panel.context["rows"]] == [waiting]


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_coordinator_dashboard_shows_district_open_and_overdue_items(
    client, coordinator, district, unit, other_unit
):
    FeedbackItemFactory(unit=unit, district=district, due_on=dt.date(2026, 3, 1))
    FeedbackItemFactory(unit=unit, district=district, due_on=dt.date(2026, 4, 1))
    FeedbackItemFactory(unit=other_unit, due_on=dt.date(2026, 3, 1))
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p.template.startswith("feedback/"))
    assert panel.context["open_count"] == 2
    assert panel.context["overdue_count"] == 1
    assert "1 synpunkter över handläggningstiden" in response.content.decode()

"""Gallring: free text and attachments of old closed items go; rows and counts stay."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from insyn.feedback.constants import Status
from insyn.feedback.models import FeedbackAttachment, FeedbackEvent, FeedbackItem, FeedbackSettings
from insyn.feedback.queries import risk_counts

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


def closed_on(unit, day, **kwargs):
    return FeedbackItemFactory(
        unit=unit,
        status=Status.CLOSED,
        closed_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        provider_action="Åtgärd med namn",
        feedback_note="Ringde Anna",
        **kwargs,
    )


@time_machine.travel(dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_retention_empties_text_of_items_closed_before_the_period_and_keeps_counts(unit):
    FeedbackSettings.objects.filter(pk=1).update(retention_days=365)
    old = closed_on(unit, dt.date(2025, 5, 31))
    young = closed_on(unit, dt.date(2025, 6, 2))
    still_open = FeedbackItemFactory(unit=unit, status=Status.SENT, received_on=dt.date(2020, 1, 1))
    FeedbackAttachment.objects.create(
        item=old, file=SimpleUploadedFile("a.pdf", b"%PDF"), name="a.pdf", size=4
    )
    FeedbackEvent.objects.create(item=old, event_type="reopened", note="Anna ringde")
    path = old.attachments.get().file.path
    before = risk_counts([unit.pk], dt.date(2000, 1, 1))

    call_command("apply_feedback_retention")

    old.refresh_from_db()
    assert (old.text, old.provider_action, old.feedback_note) == ("", "", "")
    assert old.text_removed_at is not None
    assert not old.attachments.exists()
    import os

    assert not os.path.exists(path)
    assert not FeedbackEvent.objects.filter(item=old).exclude(note="").exists()
    young.refresh_from_db()
    still_open.refresh_from_db()
    assert young.text and still_open.text
    assert FeedbackItem.objects.count() == 3
    assert risk_counts([unit.pk], dt.date(2000, 1, 1)) == before


@time_machine.travel(dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_retention_boundary_is_the_configured_number_of_days(unit):
    on_boundary = closed_on(unit, dt.date(2025, 6, 1))
    day_before = closed_on(unit, dt.date(2025, 5, 31))
    call_command("apply_feedback_retention", days=365)
    on_boundary.refresh_from_db()
    day_before.refresh_from_db()
    assert on_boundary.text_removed_at is None
    assert day_before.text_removed_at is not None


def test_retained_item_shows_that_text_was_removed_and_cannot_be_reopened(client, controller, unit):
    from django.urls import reverse

    item = closed_on(unit, dt.date(2020, 1, 1))
    call_command("apply_feedback_retention", days=30)
    client.force_login(controller)
    body = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert "Fritexten är gallrad" in body
    assert "Återöppna" not in body

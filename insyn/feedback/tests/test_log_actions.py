"""Feedback events: registering, every step of the flow and forwarding write exactly one
readable entry each, and never the item's free text."""

import datetime as dt

import pytest

from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.core.workflow import TransitionError
from insyn.feedback import services
from insyn.feedback.constants import Status
from insyn.feedback.forms import FeedbackForm

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

STEPS = [
    (Status.REGISTERED, Status.SENT, "insyn.feedback.item.sent", "{} skickades till utföraren."),
    (Status.SENT, Status.ANSWERED, "insyn.feedback.item.answered", "Utföraren besvarade {}."),
    (
        Status.ANSWERED,
        Status.FEEDBACK_GIVEN,
        "insyn.feedback.item.feedback_given",
        "Återkoppling lämnades för {}.",
    ),
    (Status.FEEDBACK_GIVEN, Status.CLOSED, "insyn.feedback.item.closed", "{} avslutades."),
    (Status.CLOSED, Status.REGISTERED, "insyn.feedback.item.reopened", "{} öppnades igen."),
]


def _only_entry():
    entries = list(ActionLog.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0], sentence(entries[0])


def test_registering_an_item_writes_one_event_without_its_text(unit, controller):
    form = FeedbackForm(
        {
            "unit": unit.pk,
            "kind": "complaint",
            "source": "client",
            "concern": "treatment",
            "severity": "medium",
            "received_on": "2026-01-10",
            "text": "Kalle Klientsson blev illa bemött.",
        }
    )
    assert form.is_valid(), form.errors
    item = services.register_item(form, controller)
    entry, text = _only_entry()
    assert entry.action == "insyn.feedback.item.registered"
    assert text == f"Klagomål #{item.pk} registrerades."
    assert "Kalle" not in f"{entry.object_repr}{entry.data}"


@pytest.mark.parametrize(("from_status", "to_status", "action", "expected"), STEPS)
def test_each_step_of_the_flow_writes_one_event(
    from_status, to_status, action, expected, unit, controller, provider_user
):
    item = FeedbackItemFactory(unit=unit, status=from_status, received_on=dt.date(2026, 1, 5))
    user = provider_user if to_status == Status.ANSWERED else controller
    services.transition(item, to_status, user, text="Kalle fick ett samtal.")
    entry, text = _only_entry()
    assert (entry.action, entry.user) == (action, user)
    assert text == expected.format(f"Klagomål #{item.pk}")
    assert "Kalle" not in f"{entry.object_repr}{entry.data}"


def test_a_forbidden_step_writes_no_event(unit, controller):
    item = FeedbackItemFactory(unit=unit, status=Status.REGISTERED)
    with pytest.raises(TransitionError):
        services.transition(item, Status.CLOSED, controller)
    assert ActionLog.objects.count() == 0


def test_forwarding_to_controllers_writes_one_event(unit, coordinator):
    item = FeedbackItemFactory(unit=unit, district=coordinator.org_unit)
    services.forward_to_controllers(item, coordinator)
    entry, text = _only_entry()
    assert text == f"Klagomål #{item.pk} vidarebefordrades till controller."

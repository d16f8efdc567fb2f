"""The status flow: every allowed step works and records who and when; every other
combination is refused with a Swedish message and changes nothing."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied

from insyn.core.workflow import TransitionError
from insyn.feedback import services, workflow
from insyn.feedback.constants import EventType, Status
from insyn.feedback.models import FeedbackItem

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

ALLOWED = [
    (Status.REGISTERED, Status.SENT),
    (Status.SENT, Status.ANSWERED),
    (Status.ANSWERED, Status.FEEDBACK_GIVEN),
    (Status.FEEDBACK_GIVEN, Status.CLOSED),
    (Status.CLOSED, Status.REGISTERED),
]
FORBIDDEN = [pair for pair in itertools.product(Status.values, repeat=2) if pair not in ALLOWED]


def test_transition_table_is_exactly_the_documented_flow():
    allowed = {
        (source, target) for source, targets in workflow.FLOW.allowed.items() for target in targets
    }
    assert allowed == set(ALLOWED)
    assert len(FORBIDDEN) == 25 - 5


def actor_for(to_status, controller, provider_user):
    return provider_user if to_status == Status.ANSWERED else controller


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_each_allowed_step_moves_the_item_and_records_who_and_when(
    from_status, to_status, controller, provider_user, unit
):
    item = FeedbackItemFactory(unit=unit, status=from_status, received_on=dt.date(2026, 1, 5))
    user = actor_for(to_status, controller, provider_user)

    services.transition(item, to_status, user, text="Vi har pratat med personalen.")

    item.refresh_from_db()
    assert item.status == to_status
    event = item.events.get()
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, user)
    stamp = {
        Status.SENT: ("sent_at", "sent_by"),
        Status.ANSWERED: ("answered_at", "answered_by"),
        Status.FEEDBACK_GIVEN: ("feedback_given_on", "feedback_given_by"),
        Status.CLOSED: ("closed_at", "closed_by"),
    }.get(to_status)
    if stamp:
        assert getattr(item, stamp[0]) is not None
        assert getattr(item, stamp[1]) == user


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_each_forbidden_step_is_refused_in_swedish_and_changes_nothing(
    from_status, to_status, controller, provider_user, unit
):
    item = FeedbackItemFactory(unit=unit, status=from_status)
    before = FeedbackItem.objects.values().get(pk=item.pk)
    user = actor_for(to_status, controller, provider_user)

    with pytest.raises(TransitionError, match="kan inte bli"):
        services.transition(item, to_status, user, text="x")

    assert FeedbackItem.objects.values().get(pk=item.pk) == before
    assert not item.events.exists()


def test_provider_cannot_answer_feedback_about_another_provider(unit, other_provider_user):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    with pytest.raises(PermissionDenied):
        services.transition(item, Status.ANSWERED, other_provider_user, text="Åtgärd")
    item.refresh_from_db()
    assert item.status == Status.SENT


def test_municipal_user_cannot_write_the_providers_answer(unit, controller):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    with pytest.raises(PermissionDenied):
        services.transition(item, Status.ANSWERED, controller, text="Åtgärd")


def test_provider_answer_needs_the_action_taken(unit, provider_user):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    with pytest.raises(services.FeedbackError, match="åtgärd"):
        services.transition(item, Status.ANSWERED, provider_user, text="  ")
    item.refresh_from_db()
    assert item.status == Status.SENT


def test_feedback_date_cannot_be_before_the_item_was_received(unit, controller):
    item = FeedbackItemFactory(unit=unit, status=Status.ANSWERED, received_on=dt.date(2026, 3, 2))
    with pytest.raises(services.FeedbackError, match="Datum för återkoppling"):
        services.transition(item, Status.FEEDBACK_GIVEN, controller, on=dt.date(2026, 3, 1))


def test_feedback_date_cannot_be_in_the_future_and_nothing_changes(unit, controller):
    """Issue 15 bad input: återkoppling dated tomorrow is refused for an item about a provider
    and for one about an org unit (no provider step), and the item is left as it was."""
    from django.utils import timezone

    from insyn.accounts.tests.factories import OrgUnitFactory

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    about_unit = FeedbackItemFactory(unit=unit, status=Status.ANSWERED)
    about_org = FeedbackItemFactory(unit=None, provider=None, org_unit=OrgUnitFactory())
    for item in (about_unit, about_org):
        before = item.status
        with pytest.raises(services.FeedbackError, match="Datum för återkoppling"):
            services.transition(item, Status.FEEDBACK_GIVEN, controller, on=tomorrow)
        item.refresh_from_db()
        assert (item.status, item.feedback_given_on) == (before, None)


def test_reopening_needs_a_reason_and_keeps_the_same_item(unit, case_worker):
    item = FeedbackItemFactory(unit=unit, status=Status.CLOSED)
    with pytest.raises(services.FeedbackError, match="varför"):
        services.transition(item, Status.REGISTERED, case_worker, text="")

    services.transition(item, Status.REGISTERED, case_worker, text="Personen är inte nöjd.")

    item.refresh_from_db()
    assert item.status == Status.REGISTERED
    assert item.reopened_count == 1
    assert item.closed_at is None
    event = item.events.get()
    assert event.event_type == EventType.REOPENED
    assert event.note == "Personen är inte nöjd."
    assert FeedbackItem.objects.count() == 1

"""Feedback about the municipality's own handling (an org unit such as an ordering unit):
exactly one of provider and org unit, a flow without the provider step, återkoppling without
an action, the action as its own fact, and never visible to or counted against a provider."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.core.workflow import TransitionError
from insyn.feedback import queries, services, workflow
from insyn.feedback.constants import Concern, Kind, Severity, Status
from insyn.feedback.models import EscalationAlert, FeedbackItem

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

ORG_ALLOWED = [
    (Status.REGISTERED, Status.FEEDBACK_GIVEN),
    (Status.FEEDBACK_GIVEN, Status.CLOSED),
    (Status.CLOSED, Status.REGISTERED),
]


@pytest.fixture
def ordering_unit(db):
    return OrgUnitFactory(name="Beställarenheten för funktionsnedsättning")


def org_item(org_unit, **kwargs):
    return FeedbackItemFactory(unit=None, provider=None, org_unit=org_unit, **kwargs)


def register_data(**overrides):
    data = {
        "kind": Kind.COMPLAINT,
        "source": "client",
        "concern": Concern.INFORMATION,
        "severity": "medium",
        "received_on": "2026-03-02",
        "text": "Jag fick aldrig veta att jag kunde välja utförare.",
    }
    data.update(overrides)
    return data


def test_org_flow_table_is_exactly_the_documented_flow():
    allowed = {(s, t) for s, targets in workflow.ORG_FLOW.allowed.items() for t in targets}
    assert allowed == set(ORG_ALLOWED)


def test_flow_for_picks_the_table_by_what_the_item_concerns(unit, ordering_unit):
    assert workflow.flow_for(FeedbackItemFactory(unit=unit)) is workflow.FLOW
    assert workflow.flow_for(org_item(ordering_unit)) is workflow.ORG_FLOW


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [p for p in itertools.product(Status.values, repeat=2) if p not in ORG_ALLOWED],
)
def test_org_item_refuses_every_other_step(from_status, to_status, controller, ordering_unit):
    item = org_item(ordering_unit, status=from_status)
    with pytest.raises(TransitionError):
        services.transition(item, to_status, controller, text="x")
    item.refresh_from_db()
    assert item.status == from_status


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_feedback_given_without_provider_answer_and_without_action(controller, ordering_unit):
    item = org_item(ordering_unit, received_on=dt.date(2026, 3, 2))

    services.transition(
        item, Status.FEEDBACK_GIVEN, controller, text="Vi ringde.", on=dt.date(2026, 3, 5)
    )

    item.refresh_from_db()
    assert item.status == Status.FEEDBACK_GIVEN
    assert item.feedback_given_on == dt.date(2026, 3, 5)
    assert item.answered_at is None
    assert item.action_taken_on is None
    assert item.action_taken_note == ""


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_feedback_given_with_an_action_records_the_action_fact(controller, ordering_unit):
    item = org_item(ordering_unit, received_on=dt.date(2026, 3, 2))

    services.transition(
        item,
        Status.FEEDBACK_GIVEN,
        controller,
        text="Vi ringde.",
        on=dt.date(2026, 3, 6),
        action="Information om valfrihet läggs in i mallen för första mötet.",
    )

    item.refresh_from_db()
    assert item.action_taken_on == dt.date(2026, 3, 6)
    assert item.action_taken_by == controller
    assert item.action_taken_note.startswith("Information om valfrihet")


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_provider_answer_is_recorded_as_the_action_fact(provider_user, unit):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)

    services.transition(item, Status.ANSWERED, provider_user, text="Vi har pratat med personalen.")

    item.refresh_from_db()
    assert item.action_taken_on == dt.date(2026, 3, 10)
    assert item.action_taken_by == provider_user
    assert item.action_taken_note == "Vi har pratat med personalen."


def test_model_refuses_both_or_neither(unit, ordering_unit):
    both = FeedbackItemFactory.build(unit=unit, provider=unit.provider, org_unit=ordering_unit)
    neither = FeedbackItemFactory.build(unit=None, provider=None)
    for item in (both, neither):
        with pytest.raises(ValidationError) as error:
            item.clean()
        assert "antingen utförare/verksamhet eller kommunens organisationsenhet" in str(error.value)


def test_database_refuses_both(unit, ordering_unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackItemFactory(unit=unit, org_unit=ordering_unit)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_register_about_an_org_unit_through_the_page(client, district_case_worker, ordering_unit):
    client.force_login(district_case_worker)

    response = client.post(reverse("feedback:create"), register_data(org_unit=ordering_unit.pk))

    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert (item.org_unit, item.provider, item.unit) == (ordering_unit, None, None)
    assert EscalationAlert.objects.count() == 0
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert "Beställarenheten för funktionsnedsättning" in page
    assert "Registrera återkoppling" in page
    assert "Skicka till utföraren" not in page


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
@pytest.mark.parametrize("with_provider", [True, False])
def test_register_with_both_or_neither_is_refused_in_swedish(
    client, case_worker, unit, ordering_unit, with_provider
):
    client.force_login(case_worker)
    data = (
        register_data(org_unit=ordering_unit.pk, unit=unit.pk)
        if with_provider
        else (register_data())
    )

    response = client.post(reverse("feedback:create"), data)

    assert response.status_code == 200
    expected = "inte båda" if with_provider else "eller kommunens organisationsenhet"
    assert expected in response.content.decode()
    assert not FeedbackItem.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_feedback_given_from_the_page_with_action(client, controller, ordering_unit):
    item = org_item(ordering_unit, received_on=dt.date(2026, 3, 2))
    client.force_login(controller)

    client.post(
        reverse("feedback:feedback_given", args=[item.pk]),
        {"given_on": "2026-03-09", "note": "Vi ringde.", "action": "Rutinen ändrad."},
    )

    item.refresh_from_db()
    assert item.status == Status.FEEDBACK_GIVEN
    assert (item.action_taken_on, item.action_taken_note) == (
        dt.date(2026, 3, 9),
        "Rutinen ändrad.",
    )


def test_list_filter_about_org_unit(client, controller, unit, ordering_unit):
    org = org_item(ordering_unit)
    FeedbackItemFactory(unit=unit)
    client.force_login(controller)

    response = client.get(reverse("feedback:list"), {"about": "org_unit"})

    rows = [row.item.pk for row in response.context["rows"]]
    assert rows == [org.pk]


def test_provider_never_sees_feedback_about_the_municipality(provider_user, ordering_unit):
    for status in Status.values:
        org_item(ordering_unit, status=status)
    assert not queries.items_for(provider_user).exists()


def test_risk_counts_never_count_org_unit_feedback(unit, ordering_unit):
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, received_on=dt.date(2026, 3, 2))
    org_item(
        ordering_unit,
        kind=Kind.COMPLAINT,
        severity=Severity.SERIOUS,
        received_on=dt.date(2026, 3, 2),
    )
    counts = queries.risk_counts([unit.pk], dt.date(2026, 1, 1))
    assert counts == {unit.pk: {"complaints": 1, "lex_sarah": 0, "serious": 0, "total": 1}}


def test_retention_empties_the_action_note(controller, ordering_unit):
    item = org_item(
        ordering_unit,
        status=Status.CLOSED,
        action_taken_on=dt.date(2024, 1, 10),
        action_taken_note="Rutinen ändrad för 19850709-9805.",
    )
    FeedbackItem.objects.filter(pk=item.pk).update(
        closed_at=dt.datetime(2024, 1, 10, tzinfo=dt.UTC)
    )

    assert services.apply_retention(dt.date(2026, 3, 10), 730) == 1

    item.refresh_from_db()
    assert item.action_taken_note == ""
    assert item.action_taken_on == dt.date(2024, 1, 10)


def test_migration_records_every_existing_provider_answer_as_an_action(unit, provider_user):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "insyn.feedback.migrations.0007_about_org_unit_and_action_taken"
    )
    answered = FeedbackItemFactory(unit=unit, status=Status.ANSWERED, provider_action="Samtal.")
    FeedbackItem.objects.filter(pk=answered.pk).update(
        answered_at=dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC), answered_by=provider_user
    )
    waiting = FeedbackItemFactory(unit=unit, status=Status.SENT)

    migration.record_provider_actions(apps, None)

    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert (answered.action_taken_on, answered.action_taken_note) == (
        dt.date(2026, 3, 4),
        "Samtal.",
    )
    assert answered.action_taken_by == provider_user
    assert waiting.action_taken_on is None
    assert FeedbackItem.objects.count() == 2


def test_the_nightly_reminder_names_the_org_unit_of_an_overdue_item(ordering_unit):
    # An item about the municipality's own handling has neither unit nor provider: the night's
    # reminders (one transaction for all) must not stop at it.
    from insyn.accounts.tests.factories import UserFactory
    from insyn.notifications.models import Notification
    from insyn.notifications.services import send_reminders

    handler = UserFactory(coordinator=True)
    item = org_item(
        ordering_unit,
        registered_by=handler,
        received_on=dt.date(2026, 2, 2),
        due_on=dt.date(2026, 3, 9),
    )
    assert send_reminders(dt.date(2026, 3, 10)) >= 1
    notice = Notification.objects.get(recipient=handler, kind="feedback.past_target")
    assert "Beställarenheten för funktionsnedsättning" in notice.text
    assert notice.object_id == item.pk

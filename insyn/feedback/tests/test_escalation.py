"""Escalation rules at their boundaries, the responsible controller, the dashboard alert, and
the one-click event-driven follow-up through `signals.followup_requested`."""

import datetime as dt

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.feedback import escalation, services, signals
from insyn.feedback.constants import AlertRule, Kind, Severity
from insyn.feedback.models import EscalationAlert, FeedbackSettings
from insyn.registry.tests.factories import ContractFactory

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 1, 10)


def register(unit, user, received_on, **kwargs):
    """Register through the service, as the page does."""
    from insyn.feedback.forms import FeedbackForm

    data = {
        "unit": unit.pk,
        "kind": kwargs.get("kind", Kind.COMPLAINT),
        "source": "client",
        "concern": "treatment",
        "severity": kwargs.get("severity", Severity.MEDIUM),
        "received_on": received_on.isoformat(),
        "text": "Klagomål",
    }
    form = FeedbackForm(data)
    assert form.is_valid(), form.errors
    return services.register_item(form, user)


def test_two_complaints_within_90_days_do_not_alert(unit, controller):
    register(unit, controller, DAY0)
    register(unit, controller, DAY0 + dt.timedelta(days=30))
    assert not EscalationAlert.objects.exists()


def test_third_complaint_within_90_days_alerts(unit, controller):
    register(unit, controller, DAY0)
    register(unit, controller, DAY0 + dt.timedelta(days=30))
    item = register(unit, controller, DAY0 + dt.timedelta(days=90))
    alert = EscalationAlert.objects.get()
    assert (alert.rule, alert.item, alert.complaint_count) == (
        AlertRule.REPEATED_COMPLAINTS,
        item,
        3,
    )


def test_third_complaint_on_day_91_does_not_alert(unit, controller):
    register(unit, controller, DAY0)
    register(unit, controller, DAY0 + dt.timedelta(days=30))
    register(unit, controller, DAY0 + dt.timedelta(days=91))
    assert not EscalationAlert.objects.exists()


def test_complaints_about_other_units_and_other_kinds_do_not_count(unit, other_unit, controller):
    register(unit, controller, DAY0)
    register(other_unit, controller, DAY0)
    register(unit, controller, DAY0, kind=Kind.PRAISE)
    register(unit, controller, DAY0)
    assert not EscalationAlert.objects.exists()


def test_threshold_and_window_come_from_the_settings(unit, controller):
    FeedbackSettings.objects.filter(pk=1).update(complaint_threshold=2, complaint_window_days=10)
    register(unit, controller, DAY0)
    register(unit, controller, DAY0 + dt.timedelta(days=11))
    assert not EscalationAlert.objects.exists()
    register(unit, controller, DAY0 + dt.timedelta(days=20))
    assert EscalationAlert.objects.count() == 1


def test_a_fourth_complaint_does_not_repeat_an_unhandled_alert(unit, controller):
    for offset in (0, 1, 2, 3):
        register(unit, controller, DAY0 + dt.timedelta(days=offset))
    assert EscalationAlert.objects.count() == 1


def test_a_serious_item_alerts_even_alone(unit, controller):
    register(unit, controller, DAY0, kind=Kind.PRAISE, severity=Severity.SERIOUS)
    assert EscalationAlert.objects.get().rule == AlertRule.SERIOUS


def test_a_lex_sarah_reported_to_ivo_is_serious(unit):
    item = FeedbackItemFactory(unit=unit, kind=Kind.LEX_SARAH, reported_to_ivo=True)
    rules = escalation.rules_fired(item, FeedbackSettings.load())
    assert (AlertRule.SERIOUS, 0) in rules


def test_responsible_is_the_controller_owning_the_running_contract(unit, controller):
    owner = UserFactory(controller=True)
    ContractFactory(provider=unit.provider, units=[unit], owner=owner)
    ContractFactory(
        provider=unit.provider,
        units=[unit],
        owner=controller,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2023, 12, 31),
    )
    assert escalation.responsible_controller(unit, DAY0) == owner


def test_without_a_contract_owner_every_controller_sees_the_alert(client, unit, controller):
    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    alert = EscalationAlert.objects.get()
    assert alert.responsible is None
    other_controller = UserFactory(controller=True)
    client.force_login(other_controller)
    assert "Allvarlig synpunkt" in client.get(reverse("home")).content.decode()


def test_alert_mail_goes_to_the_responsible_controller_on_commit(
    unit, controller, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }  # the outbox worker
    owner = UserFactory(controller=True, email="agare@example.se")
    ContractFactory(provider=unit.provider, units=[unit], owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        register(unit, controller, DAY0, severity=Severity.SERIOUS)
    assert [m.to for m in mailoutbox] == [["agare@example.se"]]


def test_alert_is_not_shown_to_another_controllers_dashboard(client, unit, controller):
    owner = UserFactory(controller=True)
    ContractFactory(provider=unit.provider, units=[unit], owner=owner)
    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    client.force_login(controller)
    assert "Allvarlig synpunkt" not in client.get(reverse("home")).content.decode()
    client.force_login(owner)
    assert "Allvarlig synpunkt" in client.get(reverse("home")).content.decode()


def test_marking_an_alert_handled_removes_it_from_the_dashboard(client, unit, controller):
    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    alert = EscalationAlert.objects.get()
    client.force_login(controller)
    client.post(reverse("feedback:alert_handle", args=[alert.pk]), {"followup": "0"})
    alert.refresh_from_db()
    assert alert.handled_by == controller
    assert "Allvarlig synpunkt" not in client.get(reverse("home")).content.decode()


def test_one_click_creates_an_event_driven_followup(client, unit, controller):
    pytest.importorskip("insyn.followup.services")
    from insyn.followup.models import PlannedFollowUp

    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    alert = EscalationAlert.objects.get()
    client.force_login(controller)
    response = client.post(
        reverse("feedback:alert_handle", args=[alert.pk]), {"followup": "1"}, follow=True
    )
    assert "händelsestyrd uppföljning är tillagd" in response.content.decode()
    planned = PlannedFollowUp.objects.get(unit=unit)
    assert planned.event_driven
    assert f"Synpunkt #{alert.item_id}" in planned.reason
    alert.refresh_from_db()
    assert alert.handled_at is not None


def test_without_a_followup_receiver_the_alert_stays_and_explains(
    client, unit, controller, monkeypatch
):
    from django.dispatch import Signal

    monkeypatch.setattr(signals, "followup_requested", Signal())
    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    alert = EscalationAlert.objects.get()
    client.force_login(controller)
    response = client.post(
        reverse("feedback:alert_handle", args=[alert.pk]), {"followup": "1"}, follow=True
    )
    assert "kan inte skapas härifrån" in response.content.decode()
    alert.refresh_from_db()
    assert alert.handled_at is None


def test_a_refused_followup_leaves_the_alert_open_with_the_reason(client, unit, controller):
    from insyn.followup.models import PlannedFollowUp

    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    unit.active = False
    unit.save()
    alert = EscalationAlert.objects.get()
    client.force_login(controller)
    response = client.post(
        reverse("feedback:alert_handle", args=[alert.pk]), {"followup": "1"}, follow=True
    )
    assert f"Verksamheten {unit.name} är avslutad" in response.content.decode()
    alert.refresh_from_db()
    assert alert.handled_at is None
    assert not PlannedFollowUp.objects.exists()


def test_followup_app_receives_the_followup_request():
    from insyn.followup.receivers import add_followup_for_alert

    connected = [entry[1]() for entry in signals.followup_requested.receivers]
    assert add_followup_for_alert in connected
    assert services.followup_available()


def test_case_worker_cannot_handle_alerts(client, unit, controller, case_worker):
    register(unit, controller, DAY0, severity=Severity.SERIOUS)
    alert = EscalationAlert.objects.get()
    client.force_login(case_worker)
    assert client.post(reverse("feedback:alert_handle", args=[alert.pk])).status_code == 404

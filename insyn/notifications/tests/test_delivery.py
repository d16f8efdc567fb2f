"""Notifications end to end: raised in the transaction of the change, written once, mailed
by the worker through a real SMTP server on 127.0.0.1 (conftest.smtp_server)."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup import notices as followup_notices
from insyn.followup import services as followup_services
from insyn.followup.constants import FollowUpStatus
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.notifications import sending, services
from insyn.notifications.constants import Delivery, MailStatus
from insyn.notifications.models import (
    Bounce,
    Notification,
    NotificationSettings,
    OutgoingMail,
    Preference,
)

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 10, 12, 0)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _deficiency(unit, deadline=dt.date(2026, 3, 31)):
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    return DeficiencyFactory(followup=followup, deadline=deadline)


def test_action_plan_request_reaches_the_provider_in_app_and_by_smtp(
    smtp_server, provider_user, unit, settings, immediate_tasks, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://insyn.kommun.se"
    deficiency = _deficiency(unit)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    note = Notification.objects.get(recipient=provider_user)
    assert note.subject == "Handlingsplan begärd – Egen Väg Hisingen"
    assert note.link == f"/portal/uppfoljning/brist/{deficiency.pk}/"
    assert note.occurred_on == dt.date(2026, 3, 31)
    [message] = smtp_server.messages
    assert message["To"] == provider_user.email
    assert message["Subject"].strip() == "Handlingsplan begärd – Egen Väg Hisingen"
    bodies = smtp_server.bodies(message)
    link = f"https://insyn.kommun.se/portal/uppfoljning/brist/{deficiency.pk}/"
    assert link in bodies["text/plain"]
    assert f'href="{link}"' in bodies["text/html"]
    assert "senast 2026-03-31" in bodies["text/plain"]
    assert "Demokommunen" in bodies["text/plain"]
    # the deficiency's text is not in the mail: it links to the object instead
    assert "Genomförandeplaner saknas" not in bodies["text/plain"]
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.to_email, mail.attempts) == ("sent", provider_user.email, 1)


def test_service_raises_in_its_transaction_and_a_rollback_sends_nothing(
    provider_user, unit, controller, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    deficiency = _deficiency(unit)
    with (
        pytest.raises(Boom),
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
    ):
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
        raise Boom
    assert Notification.objects.count() == 0
    assert OutgoingMail.objects.count() == 0
    assert callbacks == []


def test_accepting_an_action_plan_tells_the_provider_once(provider_user, unit, controller):
    from insyn.followup.models import ActionPlan

    deficiency = _deficiency(unit)
    deficiency.status = "plan_submitted"
    deficiency.save()
    plan = ActionPlan.objects.create(
        deficiency=deficiency,
        measures="Planer upprättas.",
        responsible_person="Verksamhetschefen",
        due_date=dt.date(2026, 4, 15),
    )
    followup_services.accept_action_plan(plan, controller)
    [note] = Notification.objects.filter(recipient=provider_user)
    assert note.kind == "followup.action_plan_accepted"
    assert note.subject == "Handlingsplanen är godkänd – Egen Väg Hisingen"
    # raising the same kind for the same object the same day writes nothing new
    followup_notices.ACTION_PLAN_ACCEPTED.send(plan)
    assert Notification.objects.filter(recipient=provider_user).count() == 1


def test_nightly_reminders_fire_for_their_dates_once(provider_user, unit):
    due_soon = _deficiency(unit, deadline=dt.date(2026, 3, 17))  # 7 days after 2026-03-10
    overdue = _deficiency(unit, deadline=dt.date(2026, 3, 9))
    _deficiency(unit, deadline=dt.date(2026, 3, 18))  # 8 days: not yet
    sent = FollowUpFactory(unit=unit, status=FollowUpStatus.SENT, deadline=dt.date(2026, 3, 12))
    with time_machine.travel(NOON, tick=False):
        services.send_reminders()
        services.send_reminders()  # the job run twice the same day
    got = sorted(
        (n.kind, n.object_id, n.occurred_on)
        for n in Notification.objects.filter(recipient=provider_user)
    )
    assert got == [
        ("followup.action_plan_due", due_soon.pk, dt.date(2026, 3, 17)),
        ("followup.action_plan_overdue", overdue.pk, dt.date(2026, 3, 9)),
        ("followup.self_report_due", sent.pk, dt.date(2026, 3, 12)),
    ]
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        services.send_reminders()  # the next night: only the one now 7 days away is new
    new = Notification.objects.filter(recipient=provider_user).exclude(
        occurred_on__in=[dt.date(2026, 3, 9), dt.date(2026, 3, 12), dt.date(2026, 3, 17)]
    )
    assert [(n.kind, n.occurred_on) for n in new] == [
        ("followup.action_plan_due", dt.date(2026, 3, 18))
    ]


def test_feedback_past_its_target_tells_handler_and_district_coordinator(unit):
    district = OrgUnitFactory(name="Centrum")
    coordinator = UserFactory(coordinator=True, org_unit=district)
    handler = UserFactory(case_worker=True, org_unit=district)
    other = UserFactory(coordinator=True, org_unit=OrgUnitFactory(name="Norr"))
    item = FeedbackItemFactory(
        unit=unit,
        status=Status.SENT,
        due_on=dt.date(2026, 3, 9),
        registered_by=handler,
        district=district,
    )
    with time_machine.travel(NOON, tick=False):
        services.send_reminders()
    told = set(
        Notification.objects.filter(kind="feedback.past_target").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {handler.pk, coordinator.pk}
    assert other.pk not in told
    note = Notification.objects.filter(kind="feedback.past_target").first()
    assert note.subject == f"Över handläggningstiden – {item}"
    assert item.text not in note.text


def test_a_coordinator_by_a_second_membership_is_told_too(unit):
    """Linnea is a case worker in Norr (primary) and coordinator in Centrum (a second
    membership): Centrum's overdue feedback reaches her; Norr's coordinators are not told."""
    centrum, norr = OrgUnitFactory(name="Centrum"), OrgUnitFactory(name="Norr")
    linnea = UserFactory(case_worker=True, org_unit=norr, username="linnea")
    Membership.objects.create(user=linnea, role=Role.COORDINATOR, org_unit=centrum)
    UserFactory(coordinator=True, org_unit=norr, username="norr")
    handler = UserFactory(case_worker=True, org_unit=centrum, username="handler")
    FeedbackItemFactory(
        unit=unit,
        status=Status.SENT,
        due_on=dt.date(2026, 3, 9),
        registered_by=handler,
        district=centrum,
    )
    with time_machine.travel(NOON, tick=False):
        services.send_reminders()
    told = Notification.objects.filter(kind="feedback.past_target").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["handler", "linnea"]


def test_smtp_refusal_retries_with_back_off_then_fails(closed_port, provider_user, unit):
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    mail = OutgoingMail.objects.get()
    start = timezone.now() + dt.timedelta(seconds=1)
    assert sending.drain(now=start) == {"pending": 1}
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert mail.next_attempt_at == start + dt.timedelta(minutes=1)
    assert "ConnectionRefusedError" in mail.last_error
    assert sending.drain(now=start) == {}  # not yet due
    when = start
    for minutes in (1, 10, 60):
        when = when + dt.timedelta(minutes=minutes)
        sending.drain(now=when)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", 4)
    assert mail.get_status_display() == "Kunde inte skickas"


def test_refused_address_is_marked_as_bounced(smtp_server, unit):
    user = UserFactory(provider_user=True, provider=unit.provider, email="studs@example.se")
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    assert sending.drain() == {"failed": 1}
    assert Bounce.objects.get(user=user).email == "studs@example.se"
    followup_notices.ACTION_PLAN_DUE.send(deficiency, due=deficiency.deadline)
    assert sending.drain() == {"skipped": 1}  # not tried again while the address is the same
    assert smtp_server.messages == []


def test_a_worker_crash_between_claim_and_mark_never_sends_twice(smtp_server, provider_user, unit):
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    mail = OutgoingMail.objects.get()
    assert sending.claim(mail.pk)  # the worker claimed it, then died before marking it
    assert sending.drain() == {}
    assert not sending.claim(mail.pk)
    assert smtp_server.messages == []
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENDING


def test_no_address_and_lost_access_are_not_mailed_but_nothing_is_lost(
    smtp_server, unit, other_provider
):
    no_address = UserFactory(provider_user=True, provider=unit.provider, email="")
    moved = UserFactory(provider_user=True, provider=unit.provider)
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    moved.provider = other_provider  # moved to another provider since
    moved.save()
    assert sending.drain() == {"skipped": 2}
    reasons = dict(OutgoingMail.objects.values_list("recipient_id", "last_error"))
    assert reasons[no_address.pk] == "Mottagaren saknar e-postadress."
    assert reasons[moved.pk] == "Objektet finns inte längre eller mottagaren saknar behörighet."
    assert Notification.objects.filter(recipient=no_address).exists()


def test_preferences_digest_none_and_mandatory(smtp_server, unit, immediate_tasks):
    digest = UserFactory(provider_user=True, provider=unit.provider, username="digest")
    quiet = UserFactory(provider_user=True, provider=unit.provider, username="quiet")
    Preference.objects.create(user=digest, kind="followup.action_plan_requested", delivery="digest")
    Preference.objects.create(user=digest, kind="followup.action_plan_due", delivery="digest")
    Preference.objects.create(user=quiet, kind="followup.action_plan_requested", delivery="none")
    Preference.objects.create(user=quiet, kind="followup.action_plan_due", delivery="none")
    NotificationSettings.objects.create(digest_hour=7, mandatory_kinds=["followup.action_plan_due"])
    first, second = _deficiency(unit), _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(first, due=first.deadline)
    followup_notices.ACTION_PLAN_DUE.send(second, due=second.deadline)
    by_user = {
        (n.recipient.username, n.kind): n.delivery
        for n in Notification.objects.select_related("recipient")
    }
    assert by_user == {
        ("digest", "followup.action_plan_requested"): Delivery.DIGEST,
        ("digest", "followup.action_plan_due"): Delivery.DIGEST,
        ("quiet", "followup.action_plan_requested"): Delivery.NONE,
        # mandatory: mailed at once although the person chose none
        ("quiet", "followup.action_plan_due"): Delivery.IMMEDIATE,
    }
    sending.drain()
    assert [m["To"] for m in smtp_server.messages] == ["quiet@example.se"]
    with time_machine.travel(dt.datetime(2026, 3, 11, 5, 59, tzinfo=dt.UTC), tick=False):
        assert services.build_digests() == 0  # 06:59 in Stockholm: before the hour
    with time_machine.travel(dt.datetime(2026, 3, 11, 6, 0, tzinfo=dt.UTC), tick=False):
        assert services.build_digests() == 1
        assert services.build_digests() == 0  # one per person and day
    sending.drain()
    digest_mail = smtp_server.messages[-1]
    assert digest_mail["To"] == "digest@example.se"
    assert digest_mail["Subject"].strip() == "Insyn: 2 aviseringar – Demokommunen"
    text = smtp_server.bodies(digest_mail)["text/plain"]
    assert "Handlingsplan begärd – Egen Väg Hisingen" in text
    assert "Påminnelse: handlingsplan – Egen Väg Hisingen" in text


def test_no_identity_number_reaches_a_mail(smtp_server, provider_user, unit):
    unit.name = "Hemmet 19121212-1212"
    unit.save()
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    sending.drain()
    [message] = smtp_server.messages
    assert "1212-1212" not in message.as_string()
    assert "1212-1212" not in Notification.objects.get().subject


def test_feedback_sent_to_provider_goes_through_the_outbox(
    client,
    controller,
    provider_user,
    unit,
    smtp_server,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    item = FeedbackItemFactory(unit=unit, text="Personen 19121212-1212 klagar på maten.")
    client.force_login(controller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:send", args=[item.pk]))
    [message] = smtp_server.messages
    body = message.as_string()
    assert "klagar" not in body and "1212-1212" not in body
    assert (
        f"http://testserver/portal/synpunkter/{item.pk}/"
        in smtp_server.bodies(message)["text/plain"]
    )


def test_administrator_resends_a_failed_mail_after_confirming(
    smtp_server, provider_user, unit, admin_user, client
):
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    mail = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.FAILED, attempts=4, last_error="SMTPServerDisconnected: stängd"
    )
    client.force_login(admin_user)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "Kunde inte skickas" in page and "SMTPServerDisconnected: stängd" in page
    url = reverse("notifications:outbox_resend", args=[mail.pk])
    asked = client.post(url).content.decode()  # the first POST asks
    assert f"Skicka igen till {provider_user}?" in asked and "Ja, skicka igen" in asked
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED
    client.post(url, {"confirmed": "1"})
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == ("pending", 0, "")
    assert sending.drain() == {"sent": 1}
    assert [m["To"] for m in smtp_server.messages] == [provider_user.email]
    # a sent mail is not resent
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert sending.drain() == {}


def test_a_digest_with_many_items_lists_fifty_and_links_to_the_rest(smtp_server, unit):
    user = UserFactory(provider_user=True, provider=unit.provider, username="manga")
    Preference.objects.create(user=user, kind="followup.action_plan_requested", delivery="digest")
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    for _ in range(55):
        deficiency = DeficiencyFactory(followup=followup)
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    with time_machine.travel(dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC), tick=False):
        assert services.build_digests() == 1
    assert sending.drain() == {"sent": 1}
    [message] = smtp_server.messages
    assert message["Subject"].strip() == "Insyn: 55 aviseringar – Demokommunen"
    text = smtp_server.bodies(message)["text/plain"]
    assert text.count("Handlingsplan begärd – Egen Väg Hisingen") == 50
    assert "… och 5 till. Se alla i Insyn: http://testserver/aviseringar/" in text


def test_one_transaction_asks_the_worker_once(
    provider_user, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for deficiency in [_deficiency(unit) for _ in range(3)]:
            followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    assert OutgoingMail.objects.count() == 3
    assert len(callbacks) == 1


def test_a_malformed_address_is_not_mailed(smtp_server, unit):
    user = UserFactory(provider_user=True, provider=unit.provider, email="anna.exempel.se")
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    assert sending.drain() == {"skipped": 1}
    mail = OutgoingMail.objects.get(recipient=user)
    assert (mail.status, mail.last_error) == ("skipped", "Ogiltig e-postadress.")
    assert smtp_server.messages == []
    assert Notification.objects.filter(recipient=user).exists()


@pytest.fixture
def silent_server(settings):
    """A server on 127.0.0.1 that accepts the connection and never answers (a hung SMTP)."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = listener.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield listener
    listener.close()


def test_an_smtp_timeout_is_retried_later(silent_server, provider_user, unit):
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    start = timezone.now() + dt.timedelta(seconds=1)
    assert sending.drain(now=start) == {"pending": 1}
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert "TimeoutError" in mail.last_error or "timed out" in mail.last_error
    assert mail.next_attempt_at == start + dt.timedelta(minutes=1)


def test_a_deleted_object_is_neither_shown_nor_mailed(smtp_server, provider_user, unit, client):
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    deficiency.delete()
    assert sending.drain() == {"skipped": 1}
    assert OutgoingMail.objects.get().last_error == (
        "Objektet finns inte längre eller mottagaren saknar behörighet."
    )
    assert smtp_server.messages == []
    client.force_login(provider_user)
    assert "Inga aviseringar." in client.get(reverse("notifications:list")).content.decode()
    note = Notification.objects.get()
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == reverse("notifications:list")


def test_one_smtp_connection_carries_the_whole_drain(smtp_server, unit):
    for i in range(3):
        UserFactory(provider_user=True, provider=unit.provider, username=f"mottagare{i}")
    deficiency = _deficiency(unit)
    followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)
    assert sending.drain(batch=2) == {"sent": 3}  # two batches, one connection
    assert len(smtp_server.messages) == 3
    assert smtp_server.connections == 1

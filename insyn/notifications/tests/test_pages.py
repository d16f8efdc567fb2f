"""The in-app list, the header's unread count, mark read, e-mail choices and the API."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup import notices as followup_notices
from insyn.followup.constants import FollowUpStatus
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.notifications.models import Notification, NotificationSettings, Preference

pytestmark = pytest.mark.django_db


def _deficiencies(unit, n):
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    return [
        DeficiencyFactory(followup=followup, deadline=dt.date(2026, 4, day + 1)) for day in range(n)
    ]


def _notify(unit, n):
    for deficiency in _deficiencies(unit, n):
        followup_notices.ACTION_PLAN_REQUESTED.send(deficiency, due=deficiency.deadline)


def test_the_list_shows_own_notifications_with_a_constant_number_of_queries(
    client, provider_user, unit, django_assert_max_num_queries
):
    other = UserFactory(provider_user=True)  # another provider: never sees these
    _notify(unit, 3)
    client.force_login(provider_user)
    response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert page.count(">Handlingsplan begärd – Egen Väg Hisingen</a>") == 3
    assert "3 olästa aviseringar" in page
    _notify(unit, 20)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:list"))
    assert len(response.context["page"].object_list) == 23
    client.force_login(other)
    assert "Inga aviseringar." in client.get(reverse("notifications:list")).content.decode()


def test_unread_count_for_the_header_reads_a_bounded_number_of_queries(client, provider_user, unit):
    _notify(unit, 2)
    client.force_login(provider_user)
    response = client.get(reverse("notifications:unread"))
    assert response.content.decode().strip() == ('Aviseringar <span class="badge">2 olästa</span>')
    _notify(unit, 30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:unread"))
    # The unread rows, their deficiencies (one query for the type) and the person's scope;
    # the rest is the session and the user, as on every page. Not one per notification.
    own = [q["sql"] for q in queries if "notifications_" in q["sql"] or "followup_" in q["sql"]]
    assert len(own) == 2
    assert len(queries) <= 6
    assert "32 olästa" in response.content.decode()
    assert 'hx-get="/aviseringar/antal/"' in client.get(reverse("portal:home")).content.decode()


def test_the_badge_counts_only_what_the_list_shows(client, provider_user, unit, other_unit):
    # Two notices about a deficiency of the user's own unit, one about a deficiency that has
    # since been moved to another provider's unit: the list hides it, so must the badge.
    _notify(unit, 2)
    (moved,) = _deficiencies(unit, 1)
    followup_notices.ACTION_PLAN_REQUESTED.send(moved, due=moved.deadline)
    type(moved).objects.filter(pk=moved.pk).update(unit=other_unit)
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    client.force_login(provider_user)
    listed = client.get(reverse("notifications:list") + "?olasta=1")
    rows = listed.context["page"].object_list
    assert len(rows) == 2
    assert "2 olästa aviseringar" in listed.content.decode()
    badge = client.get(reverse("notifications:unread")).content.decode().strip()
    assert badge == 'Aviseringar <span class="badge">2 olästa</span>'


def test_the_badge_says_there_are_more_beyond_the_window(
    client, provider_user, unit, settings, monkeypatch
):
    from insyn.notifications import queries

    monkeypatch.setattr(queries, "UNREAD_WINDOW", 3)
    _notify(unit, 5)
    client.force_login(provider_user)
    badge = client.get(reverse("notifications:unread")).content.decode().strip()
    assert badge == 'Aviseringar <span class="badge">3+ olästa</span>'
    assert "3 eller fler olästa" in client.get(reverse("notifications:list")).content.decode()


def test_opening_marks_read_and_goes_to_the_object(client, provider_user, unit):
    _notify(unit, 2)
    first, second = Notification.objects.order_by("pk")
    client.force_login(provider_user)
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == first.link
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notifications:mark_read", args=[second.pk]))
    second.refresh_from_db()
    assert second.read_at is not None
    assert client.get(reverse("notifications:unread")).content.decode().strip() == "Aviseringar"


def test_mark_all_read(client, provider_user, unit):
    _notify(unit, 3)
    client.force_login(provider_user)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "3 aviseringar markerade som lästa." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_notification_whose_receiver_lost_access_is_not_shown(
    client, provider_user, unit, other_provider
):
    _notify(unit, 1)
    provider_user.provider = other_provider
    provider_user.save()
    client.force_login(provider_user)
    assert "Inga aviseringar." in client.get(reverse("notifications:list")).content.decode()
    note = Notification.objects.get()
    response = client.get(reverse("notifications:open", args=[note.pk]), follow=True)
    assert "finns inte längre eller är inte ditt" in response.content.decode()


def test_preferences_are_saved_and_mandatory_kinds_cannot_be_turned_off(client, provider_user):
    NotificationSettings.objects.create(mandatory_kinds=["followup.action_plan_overdue"])
    client.force_login(provider_user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Obligatorisk" in page
    fields = client.get(reverse("notifications:preferences")).context["form"].fields
    data = dict.fromkeys(fields, "immediate")
    data["followup.action_plan_due"] = "digest"
    data["followup.action_plan_overdue"] = "none"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert "Handlingsplan försenad: välj Direkt, Daglig sammanfattning eller Ingen e-post." in (
        response.content.decode()
    )
    data["followup.action_plan_overdue"] = "immediate"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=provider_user, kind="followup.action_plan_due").delivery == (
        "digest"
    )


def test_api_reads_own_notifications_and_marks_read(client, provider_user, unit, settings):
    settings.SITE_URL = "https://insyn.kommun.se"
    _notify(unit, 1)
    note = Notification.objects.get()
    client.force_login(provider_user)
    data = client.get("/api/v1/notifications/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["subject"] == "Handlingsplan begärd – Egen Väg Hisingen"
    assert row["kind_label"] == "Handlingsplan begärd"
    assert row["url"] == f"https://insyn.kommun.se{note.link}"
    assert row["read"] is False
    response = client.post(f"/api/v1/notifications/{note.pk}/read/")
    assert response.json()["read"] is True


def _outbox(unit):
    """Three mails: one sent, one failed with the SMTP error, one skipped (no address)."""
    from insyn.notifications.models import OutgoingMail

    sent = UserFactory(provider_user=True, provider=unit.provider, username="anna")
    failed = UserFactory(provider_user=True, provider=unit.provider, username="bertil")
    skipped = UserFactory(provider_user=True, provider=unit.provider, username="cecilia", email="")
    _notify(unit, 1)
    OutgoingMail.objects.filter(recipient=sent).update(status="sent", attempts=1)
    OutgoingMail.objects.filter(recipient=failed).update(
        status="failed", attempts=4, last_error="SMTPDataError: (554, b'5.7.1 Rejected')"
    )
    OutgoingMail.objects.filter(recipient=skipped).update(
        status="skipped", last_error="Mottagaren saknar e-postadress."
    )
    return sent, failed, skipped


def test_the_outbox_shows_the_delivery_log_with_filters_and_settings(
    client, admin_user, unit, django_assert_max_num_queries
):
    from insyn.notifications.models import OutgoingMail

    _outbox(unit)
    NotificationSettings.objects.create(
        digest_hour=6, mandatory_kinds=["followup.action_plan_overdue"]
    )
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:outbox")).content.decode()
    assert "kl. 06:00" in page and "<li>Handlingsplan försenad</li>" in page
    assert "3 utskick." in page
    assert "SMTPDataError: (554, b&#x27;5.7.1 Rejected&#x27;)" in page
    assert "Mottagaren saknar e-postadress." in page
    failed_page = client.get(reverse("notifications:outbox"), {"status": "failed"})
    assert "1 utskick." in failed_page.content.decode()
    assert "bertil" in failed_page.content.decode()
    by_receiver = client.get(reverse("notifications:outbox"), {"mottagare": "CECIL"})
    assert "1 utskick." in by_receiver.content.decode()
    by_kind = client.get(reverse("notifications:outbox"), {"typ": "followup.action_plan_due"})
    assert "0 utskick." in by_kind.content.decode()
    by_kind = client.get(reverse("notifications:outbox"), {"typ": "followup.action_plan_requested"})
    assert "3 utskick." in by_kind.content.decode()
    # the page's query count does not grow with the outbox
    _notify(unit, 5)
    assert OutgoingMail.objects.count() == 18
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:outbox"))


def test_a_wrong_outbox_filter_says_which_field(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("notifications:outbox"), {"status": "borta"})
    assert response.status_code == 400
    assert "Status: välj en status i listan." in response.content.decode()


def test_only_the_administrator_sees_the_outbox(client, controller, provider_user, unit):
    from insyn.notifications.models import OutgoingMail

    _outbox(unit)
    mail = OutgoingMail.objects.filter(status="failed").get()
    for user in (controller, provider_user):
        client.force_login(user)
        assert client.get(reverse("notifications:outbox")).status_code == 403
        url = reverse("notifications:outbox_resend", args=[mail.pk])
        assert client.post(url, {"confirmed": "1"}).status_code == 403
    mail.refresh_from_db()
    assert mail.status == "failed"

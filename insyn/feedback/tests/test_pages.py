"""Feedback pages: registering, each step from the pages, the provider's answer in the portal,
scoping per role and the lists' days-open and past-target columns."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.constants import Concern, Kind, Status
from insyn.feedback.models import FeedbackAttachment, FeedbackItem

from .factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


def register_data(for_unit, **overrides):
    data = {
        "unit": for_unit.pk,
        "kind": Kind.COMPLAINT,
        "source": "relative",
        "concern": Concern.TREATMENT,
        "severity": "medium",
        "received_on": "2026-03-02",
        "text": "Min son blev illa bemött vid middagen.",
    }
    data.update(overrides)
    return data


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_case_worker_registers_a_complaint_about_a_unit(client, district_case_worker, unit):
    client.force_login(district_case_worker)

    response = client.post(reverse("feedback:create"), register_data(unit))

    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:detail", args=[item.pk])
    assert item.provider == unit.provider
    assert item.registered_by == district_case_worker
    assert item.district == district_case_worker.org_unit
    assert item.status == Status.REGISTERED
    # Default target for bemötande: 20 working days from 2 March 2026 (no holidays) = 30 March.
    assert item.due_on == dt.date(2026, 3, 30)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"unit": "", "provider": ""}, "unit", "Välj verksamhet eller utförare"),
        ({"received_on": "2026-03-11"}, "received_on", "kan inte vara i framtiden"),
        ({"text": ""}, "text", "obligatoriskt"),
        ({"kind": Kind.DEVIATION}, "deviation_concern", "Fyll i detta för en avvikelse"),
        ({"reported_to_ivo": "on"}, "reported_to_ivo", "bara anges för Lex Sarah"),
    ],
)
def test_bad_registration_is_refused_with_a_swedish_message_and_nothing_saved(
    client, case_worker, unit, overrides, field, message
):
    client.force_login(case_worker)
    response = client.post(reverse("feedback:create"), register_data(unit, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not FeedbackItem.objects.exists()


def test_unit_of_another_provider_is_refused(client, case_worker, unit, other_provider):
    client.force_login(case_worker)
    response = client.post(
        reverse("feedback:create"), register_data(unit, provider=other_provider.pk)
    )
    assert "hör inte till den valda utföraren" in str(response.context["form"].errors["unit"])
    assert not FeedbackItem.objects.exists()


def test_attachment_over_the_size_limit_is_refused(client, case_worker, unit, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.INSYN = {**settings.INSYN, "FEEDBACK_ATTACHMENT_MAX_BYTES": 10}
    client.force_login(case_worker)
    upload = SimpleUploadedFile("brev.pdf", b"x" * 11, content_type="application/pdf")
    response = client.post(
        reverse("feedback:create"), {**register_data(unit), "attachment": upload}
    )
    assert "för stor" in str(response.context["form"].errors["attachment"])
    assert not FeedbackItem.objects.exists()


def test_attachment_is_served_only_to_entitled_users(
    client, controller, coordinator, district, unit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = FeedbackItemFactory(unit=unit, district=district)
    FeedbackAttachment.objects.create(
        item=item, file=SimpleUploadedFile("brev.pdf", b"%PDF-1"), name="brev.pdf", size=6
    )
    attachment = item.attachments.get()
    url = reverse("feedback:attachment_download", args=[item.pk, attachment.pk])
    log_in_recently(client, coordinator)
    assert client.get(url).status_code == 403
    log_in_recently(client, controller)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1"


def test_full_flow_through_the_pages(client, controller, provider_user, unit):
    item = FeedbackItemFactory(unit=unit, received_on=dt.date(2026, 1, 5))
    client.force_login(controller)
    client.post(reverse("feedback:send", args=[item.pk]))
    client.force_login(provider_user)
    response = client.post(
        reverse("feedback_portal:answer", args=[item.pk]),
        {"provider_action": "Vi har haft samtal med personalen om bemötande."},
    )
    assert response.status_code == 302
    client.force_login(controller)
    client.post(
        reverse("feedback:feedback_given", args=[item.pk]),
        {"given_on": "2026-01-20", "note": "Ringde mamman."},
    )
    client.post(reverse("feedback:close", args=[item.pk]))

    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert item.provider_action.startswith("Vi har haft samtal")
    assert item.feedback_given_on == dt.date(2026, 1, 20)
    assert [e.to_status for e in item.events.all()] == [
        Status.SENT,
        Status.ANSWERED,
        Status.FEEDBACK_GIVEN,
        Status.CLOSED,
    ]


def test_skipping_a_step_on_the_page_shows_a_swedish_error_and_changes_nothing(
    client, controller, unit
):
    item = FeedbackItemFactory(unit=unit, status=Status.REGISTERED)
    client.force_login(controller)
    response = client.post(reverse("feedback:close", args=[item.pk]), follow=True)
    assert "Stegen måste tas i ordning" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.REGISTERED


def test_reopen_from_the_page_needs_a_reason(client, controller, unit):
    item = FeedbackItemFactory(unit=unit, status=Status.CLOSED)
    client.force_login(controller)
    response = client.post(reverse("feedback:reopen", args=[item.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Ange varför ärendet återöppnas" in response.content.decode()
    client.post(reverse("feedback:reopen", args=[item.pk]), {"reason": "Inte nöjd"})
    item.refresh_from_db()
    assert item.status == Status.REGISTERED


def test_provider_gets_404_for_feedback_about_another_provider(client, other_provider_user, unit):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    client.force_login(other_provider_user)
    assert client.get(reverse("feedback_portal:detail", args=[item.pk])).status_code == 404
    response = client.post(
        reverse("feedback_portal:answer", args=[item.pk]), {"provider_action": "Åtgärd"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == Status.SENT


def test_provider_does_not_see_an_item_before_it_is_sent(client, provider_user, unit):
    item = FeedbackItemFactory(unit=unit, status=Status.REGISTERED)
    client.force_login(provider_user)
    assert client.get(reverse("feedback_portal:detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("feedback_portal:list")).context["page"].paginator.count == 0


def test_provider_cannot_reach_the_staff_pages(client, provider_user, unit):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT)
    client.force_login(provider_user)
    assert client.get(reverse("feedback:list")).status_code == 403
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404


def test_district_staff_see_their_district_only(
    client, coordinator, other_case_worker, district, unit, other_unit
):
    mine = FeedbackItemFactory(unit=unit, district=district)
    theirs = FeedbackItemFactory(unit=other_unit)
    client.force_login(coordinator)
    listed = {row.item.pk for row in client.get(reverse("feedback:list")).context["rows"]}
    assert listed == {mine.pk}
    assert client.get(reverse("feedback:detail", args=[theirs.pk])).status_code == 404
    client.force_login(other_case_worker)
    assert client.get(reverse("feedback:detail", args=[mine.pk])).status_code == 404


def test_coordinator_forwards_to_the_controllers(client, coordinator, district, unit, controller):
    item = FeedbackItemFactory(unit=unit, district=district)
    client.force_login(coordinator)
    response = client.post(reverse("feedback:forward", args=[item.pk]), follow=True)
    assert "vidarebefordrad till controller" in response.content.decode()
    item.refresh_from_db()
    assert item.forwarded_by == coordinator
    assert item.status == Status.REGISTERED


def test_case_worker_may_not_forward(client, district_case_worker, district, unit):
    item = FeedbackItemFactory(unit=unit, district=district)
    client.force_login(district_case_worker)
    response = client.post(reverse("feedback:forward", args=[item.pk]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.forwarded_at is None


@time_machine.travel(dt.datetime(2026, 4, 1, 10, 0), tick=False)
def test_list_shows_days_open_and_past_target(client, controller, unit):
    late = FeedbackItemFactory(
        unit=unit, received_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 3, 20)
    )
    on_time = FeedbackItemFactory(
        unit=unit, received_on=dt.date(2026, 3, 25), due_on=dt.date(2026, 4, 20)
    )
    client.force_login(controller)
    rows = {r.item.pk: r for r in client.get(reverse("feedback:list")).context["rows"]}
    assert (rows[late.pk].days_open, rows[late.pk].past_target) == (31, True)
    assert (rows[on_time.pk].days_open, rows[on_time.pk].past_target) == (7, False)
    overdue = client.get(reverse("feedback:list"), {"overdue": "true"}).context["rows"]
    assert [r.item.pk for r in overdue] == [late.pk]


def test_list_filters_combine_and_query_count_is_constant(
    client, controller, unit, django_assert_max_num_queries
):
    for i in range(30):
        FeedbackItemFactory(
            unit=unit,
            kind=Kind.COMPLAINT if i % 2 else Kind.PRAISE,
            received_on=dt.date(2026, 2, 1),
        )
    client.force_login(controller)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("feedback:list"),
            {"kind": Kind.COMPLAINT, "received_from": "2026-01-01", "open": "true"},
        )
    assert response.context["page"].paginator.count == 15


def test_export_is_csv_of_the_filtered_list(client, controller, unit):
    FeedbackItemFactory(unit=unit, kind=Kind.PRAISE, text="Fint bemötande")
    FeedbackItemFactory(unit=unit, kind=Kind.COMPLAINT, text="Dåligt bemötande")
    log_in_recently(client, controller)
    response = client.get(reverse("feedback:export"), {"kind": Kind.PRAISE})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Fint bemötande" in body
    assert "Dåligt bemötande" not in body


def test_portal_list_query_count_is_constant(
    client, provider_user, unit, django_assert_max_num_queries
):
    for _ in range(25):
        FeedbackItemFactory(unit=unit, status=Status.SENT)
    client.force_login(provider_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("feedback_portal:list"))
    assert response.context["page"].paginator.count == 25


def test_sending_mails_the_providers_users_on_commit(
    client,
    controller,
    provider_user,
    unit,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }  # the outbox worker
    item = FeedbackItemFactory(unit=unit)
    client.force_login(controller)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:send", args=[item.pk]))
    assert [m.to for m in mailoutbox] == [[provider_user.email]]
    assert reverse("feedback_portal:detail", args=[item.pk]) in mailoutbox[0].body


def test_registering_from_a_unit_page_offers_only_that_providers_units(
    client, case_worker, unit, other_unit
):
    client.force_login(case_worker)
    form = client.get(reverse("feedback:create"), {"unit": unit.pk}).context["form"]
    assert list(form.fields["unit"].queryset) == [unit]
    assert form.initial["provider"] == unit.provider_id


def test_attachment_upload_refuses_unknown_file_types(client, controller, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = FeedbackItemFactory(unit=unit)
    client.force_login(controller)
    bad = SimpleUploadedFile("skript.exe", b"MZ")
    response = client.post(reverse("feedback:attachment_upload", args=[item.pk]), {"file": bad})
    assert response.status_code == 400
    assert "filtyp som inte tas emot" in response.content.decode()
    good = SimpleUploadedFile("brev.pdf", b"%PDF-1")
    client.post(reverse("feedback:attachment_upload", args=[item.pk]), {"file": good})
    assert item.attachments.get().name == "brev.pdf"


def test_list_count_stops_at_the_cap_and_says_so(client, controller, unit, monkeypatch):
    from insyn.feedback import pagination

    monkeypatch.setattr(pagination.CappedPaginator, "cap", 3)
    for _ in range(5):
        FeedbackItemFactory(unit=unit)
    client.force_login(controller)
    response = client.get(reverse("feedback:list"))
    assert "Fler än 3 synpunkter" in response.content.decode()
    assert len(response.context["rows"]) == 3


def test_form_in_a_large_register_searches_providers_instead_of_listing_them(
    client, case_worker, settings
):
    from insyn.registry.tests.factories import ProviderFactory
    from insyn.registry.widgets import FULL_LIST_UP_TO

    ProviderFactory.create_batch(FULL_LIST_UP_TO + 1)
    client.force_login(case_worker)
    html = client.get(reverse("feedback:create")).content.decode()
    provider_select = html[html.index('name="provider"') :].split("</select>")[0]
    assert provider_select.count("<option") == 1
    assert reverse("registry:provider_search") in html

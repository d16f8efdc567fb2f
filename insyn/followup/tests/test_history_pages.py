"""History pages of plans, follow-ups and deficiencies (staff only), and free text kept out of
the change history: it records that an answer, finding, deficiency or action plan text
changed, never what it said (it may hold a personnummer, and retention must remove it)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup import services
from insyn.followup.constants import DeficiencyStatus
from insyn.followup.models import ActionPlan, Answer, Deficiency, FollowUp
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory

pytestmark = pytest.mark.django_db

PNR = "811218-9876"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def controller(db):
    return UserFactory(controller=True)


def _followup_with_answers(controller, count=1):
    template = TemplateFactory(method=Method.SITE_VISIT)
    questions = [QuestionFactory(template=template) for _ in range(count)]
    followup = FollowUpFactory(template=template)
    answers = {q.pk: {"value": "yes", "comment": f"Gäller {PNR}"} for q in questions}
    services.save_answers(followup, answers, followup.version, controller)
    followup.refresh_from_db()
    answers = {q.pk: {"value": "no", "comment": "Rättad"} for q in questions}
    services.save_answers(followup, answers, followup.version, controller)
    followup.refresh_from_db()
    return followup


def _logged_text():
    """Everything the change history stores, as one string."""
    return " ".join(f"{e.object_repr} {e.changes} {e.changes_text}" for e in LogEntry.objects.all())


def test_answer_changes_are_logged_without_their_text(controller):
    followup = _followup_with_answers(controller)
    answer = followup.answers.get()
    entries = LogEntry.objects.get_for_object(answer).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[1].changes["comment"] == ["(fritext)", "(fritext)"]
    assert entries[1].changes["value"] == ["(fritext)", "(fritext)"]
    assert {e.object_repr for e in entries} == {f"Svar #{answer.pk}"}
    assert "9876" not in _logged_text()
    assert "Rättad" not in _logged_text()


def test_deficiency_and_action_plan_texts_stay_out_of_the_change_history(controller):
    deficiency = DeficiencyFactory(description=f"Saknar plan för {PNR}")
    plan = ActionPlan.objects.create(
        deficiency=deficiency,
        measures=f"Ny plan för {PNR}",
        responsible_person="Anna",
        due_date=dt.date(2026, 5, 1),
    )
    deficiency.required_action = "Ny text"
    deficiency.save()
    assert "9876" not in _logged_text()
    assert "Ny text" not in _logged_text()
    assert LogEntry.objects.get_for_object(deficiency).first().object_repr == (
        f"Brist #{deficiency.pk}"
    )
    assert LogEntry.objects.get_for_object(plan).get().object_repr == f"Handlingsplan #{plan.pk}"


def test_followup_history_shows_that_an_answer_changed_without_the_text(client, controller):
    followup = _followup_with_answers(controller)
    answer = followup.answers.get()
    client.force_login(controller)
    response = client.get(reverse("followup:followup_history", args=[followup.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ändrad (svar #{answer.pk})" in html
    assert "ändrad (texten sparas inte i historiken)" in html
    assert "9876" not in html and "Rättad" not in html


def test_followup_page_links_to_its_history(client, controller):
    followup = FollowUpFactory()
    client.force_login(controller)
    response = client.get(followup.get_absolute_url())
    assert reverse("followup:followup_history", args=[followup.pk]) in response.content.decode()


def test_history_written_before_text_was_hidden_is_shown_masked(client, controller):
    followup = FollowUpFactory()
    LogEntry.objects.create(
        content_type_id=LogEntry.objects.get_for_object(followup).first().content_type_id,
        object_pk=str(followup.pk),
        object_repr=str(followup),
        action=LogEntry.Action.UPDATE,
        changes={"summary": ["", f"Gäller {PNR}"]},
    )
    client.force_login(controller)
    html = client.get(reverse("followup:followup_history", args=[followup.pk])).content.decode()
    assert "811218-****" in html
    assert PNR not in html


def test_deficiency_history_shows_event_and_action_plan_changes(client, controller):
    deficiency = DeficiencyFactory(
        description=f"Saknar plan för {PNR}", status=DeficiencyStatus.PLAN_SUBMITTED
    )
    plan = ActionPlan.objects.create(
        deficiency=deficiency,
        measures="Åtgärd",
        responsible_person="Anna",
        due_date=dt.date(2026, 5, 1),
    )
    services.accept_action_plan(plan, controller)
    client.force_login(controller)
    response = client.get(reverse("followup:deficiency_history", args=[deficiency.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Historik för brist #{deficiency.pk} vid {deficiency.unit.name}" in html
    assert f"Ändrad (handlingsplan #{plan.pk})" in html
    assert "Saknar plan" not in html


def test_plan_history_shows_the_approval_and_row_changes(client, controller):
    plan = PlanFactory(year=2026)
    services.approve_plan(plan, UserFactory(manager=True))
    client.force_login(controller)
    html = client.get(reverse("followup:plan_history", args=[plan.pk])).content.decode()
    assert "Uppföljningsplan 2026 (hela kommunen) beslutades." in html


def test_provider_cannot_open_the_history_of_its_own_finished_followup(client):
    deficiency = DeficiencyFactory()
    provider_user = UserFactory(provider_user=True, provider=deficiency.unit.provider)
    client.force_login(provider_user)
    followup_page = reverse("followup:followup_history", args=[deficiency.followup_id])
    assert client.get(followup_page).status_code == 403
    deficiency_page = reverse("followup:deficiency_history", args=[deficiency.pk])
    assert client.get(deficiency_page).status_code == 403


def test_logged_reads_are_on_the_history_page_for_admins_only(client, controller):
    followup = FollowUpFactory()
    accessed.send(sender=FollowUp, instance=followup)
    url = reverse("followup:followup_history", args=[followup.pk])
    client.force_login(controller)
    assert "Läst" not in client.get(url).content.decode()
    client.force_login(UserFactory(admin=True))
    assert "Läst" in client.get(url).content.decode()


def test_followup_history_queries_do_not_grow_with_answers(
    client, controller, django_assert_max_num_queries
):
    small = _followup_with_answers(controller, count=1)
    large = _followup_with_answers(controller, count=12)
    assert Answer.objects.filter(followup=large).count() == 12
    client.force_login(controller)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("followup:followup_history", args=[small.pk]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("followup:followup_history", args=[large.pk]))
    assert response.content.decode().count("Ändrad (svar #") == 12


def test_deficiency_label_does_not_load_the_object():
    assert Deficiency(pk=7).log_label() == "Brist #7"

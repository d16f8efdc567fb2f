"""Each event kind fires from its service, to the right people, and not otherwise."""

import datetime as dt

import pytest
import time_machine

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import UserFactory
from insyn.feedback import services as feedback_services
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup import services as followup_services
from insyn.followup.constants import FollowUpStatus
from insyn.followup.forms import ActionPlanForm
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory, PlanFactory
from insyn.notifications import kinds
from insyn.notifications.models import Notification
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import TemplateFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 10, 12, 0)


def told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_every_kind_has_a_swedish_label_subject_and_a_unique_key():
    assert len(kinds.KINDS) == 23  # followup 14, feedback 5, ratings 2, placement 1, suppliers 1
    for key, kind in kinds.KINDS.items():
        assert key == kind.key and kind.label and kind.subject and kind.text


@time_machine.travel(TODAY, tick=False)
def test_self_report_sent_tells_the_provider_with_the_deadline(provider_user, unit, controller):
    followup = FollowUpFactory(unit=unit, template=TemplateFactory(method=Method.SELF_REPORT))
    followup_services.send_self_report(followup, dt.date(2026, 4, 1), controller)
    assert told("followup.self_report_sent") == ["provider"]
    note = Notification.objects.get()
    assert note.text == (
        "Kommunen har skickat en egenrapport om Egen Väg Hisingen. Svara senast 2026-04-01."
    )
    assert note.occurred_on == dt.date(2026, 4, 1)


def test_report_sent_links_the_pdf(provider_user, unit, controller, settings):
    settings.SITE_URL = "https://insyn.kommun.se"
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    followup_services.send_report(followup, controller)
    note = Notification.objects.get(kind="followup.report_sent")
    assert note.recipient == provider_user
    assert note.text.endswith(
        f"Rapporten som PDF: https://insyn.kommun.se/portal/uppfoljning/rapport/{followup.pk}.pdf"
    )


@time_machine.travel(TODAY, tick=False)
def test_action_plan_submitted_goes_to_the_responsible_and_returned_back(
    provider_user, unit, controller
):
    responsible = UserFactory(controller=True, username="ansvarig")
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, responsible=responsible)
    deficiency = DeficiencyFactory(followup=followup, deadline=dt.date(2026, 3, 31))
    form = ActionPlanForm(
        {"measures": "Planer.", "responsible_person": "Chefen", "due_date": "2026-04-30"}
    )
    assert form.is_valid(), form.errors
    plan = followup_services.submit_action_plan(deficiency, form, provider_user)
    assert told("followup.action_plan_submitted") == ["ansvarig"]  # not every controller
    followup_services.return_action_plan(plan, controller, comment="Saknar tidplan.")
    assert told("followup.action_plan_returned") == ["provider"]
    assert (
        "Saknar tidplan" not in Notification.objects.get(kind="followup.action_plan_returned").text
    )


def test_plan_made_tells_managers_and_approved_tells_controllers(manager, controller):
    plan = PlanFactory(year=2027)
    from insyn.followup import notices

    notices.PLAN_WAITING.send(plan)
    assert told("followup.plan_waiting") == ["manager"]
    followup_services.approve_plan(plan, manager)
    assert told("followup.plan_approved") == ["controller"]
    assert Notification.objects.get(kind="followup.plan_approved").subject == (
        "Uppföljningsplan 2027 är beslutad"
    )


def test_a_controller_by_a_second_membership_is_told_of_the_approved_plan(manager):
    """Anna is a manager (primary) and also controller (a second membership)."""
    anna = UserFactory(manager=True, username="anna")
    Membership.objects.create(user=anna, role=Role.CONTROLLER, org_unit=None)
    followup_services.approve_plan(PlanFactory(year=2027), manager)
    assert told("followup.plan_approved") == ["anna"]


def test_feedback_answered_tells_the_handler_only(provider_user, unit, case_worker, coordinator):
    item = FeedbackItemFactory(unit=unit, status=Status.SENT, registered_by=case_worker)
    feedback_services.transition(item, Status.ANSWERED, provider_user, text="Vi har åtgärdat.")
    assert told("feedback.answered") == ["caseworker"]
    assert told("feedback.sent_to_provider") == []

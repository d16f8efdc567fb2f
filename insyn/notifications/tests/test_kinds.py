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


def test_plan_waiting_goes_to_those_who_may_approve_that_committees_plan():
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.followup import notices

    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    a = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    b = OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun)
    office = OrgUnit.objects.create(
        name="Socialförvaltningen Centrum", kind=OrgUnitKind.ADMINISTRATION, parent=a
    )
    UserFactory(manager=True, org_unit=a, username="chef_a")
    UserFactory(manager=True, org_unit=b, username="chef_b")
    UserFactory(manager=True, org_unit=None, username="chef_kommun")  # central: decides all
    delegate = UserFactory(controller=True, org_unit=office, username="delegat_a")
    Membership.objects.filter(user=delegate).update(delegation="SN Centrum 2026-01-20 § 4")
    UserFactory(controller=True, org_unit=a, username="controller_a")  # proposes only
    UserFactory(manager=True, org_unit=a, username="slutat", is_active=False)
    plan = PlanFactory(year=2027, committee=a)
    notices.PLAN_WAITING.send(plan)
    assert told("followup.plan_waiting") == ["chef_a", "chef_kommun", "delegat_a"]
    # Everyone told may approve; the manager of B, not told, may not.
    from insyn.accounts.models import User

    for user in User.objects.all():
        assert user.has_perm("followup.approve_plan", plan) == (
            user.username in {"chef_a", "chef_kommun", "delegat_a"}
        ), user.username


def test_a_municipality_wide_plan_goes_to_central_deciders_only():
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.followup import notices

    a = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE)
    UserFactory(manager=True, org_unit=a, username="chef_a")
    UserFactory(manager=True, org_unit=None, username="chef_kommun")
    notices.PLAN_WAITING.send(PlanFactory(year=2027, committee=None))
    assert told("followup.plan_waiting") == ["chef_kommun"]


def test_the_plans_deciders_are_found_in_two_queries(django_assert_num_queries):
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit, User

    a = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE)
    for n in range(6):
        UserFactory(manager=True, org_unit=a, username=f"chef{n}")
    with django_assert_num_queries(2):
        assert len(list(User.deciding_for(a.pk))) == 6


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


# Each kind below fires for its event or date, to its people, and not otherwise.


def _nightly(day):
    from insyn.notifications import services

    with time_machine.travel(dt.datetime.combine(day, dt.time(3, 0)), tick=False):
        services.send_reminders()


def test_self_report_overdue_fires_the_day_after_the_deadline_only_while_unanswered(
    provider_user, unit, other_unit
):
    late = FollowUpFactory(unit=unit, status=FollowUpStatus.SENT, deadline=dt.date(2026, 3, 9))
    # answered in time, or sent to another provider: nobody here is told
    FollowUpFactory(unit=unit, status=FollowUpStatus.SUBMITTED, deadline=dt.date(2026, 3, 9))
    FollowUpFactory(unit=other_unit, status=FollowUpStatus.SENT, deadline=dt.date(2026, 3, 9))
    _nightly(dt.date(2026, 3, 9))  # the deadline itself: not late yet
    assert told("followup.self_report_overdue") == []
    _nightly(dt.date(2026, 3, 10))
    _nightly(dt.date(2026, 3, 11))  # later nights: told once
    [note] = Notification.objects.filter(
        kind="followup.self_report_overdue", recipient=provider_user
    )
    assert (note.object_id, note.occurred_on) == (late.pk, dt.date(2026, 3, 9))
    assert note.subject == "Försenad egenrapport – Egen Väg Hisingen"


def test_planned_follow_ups_this_month_and_overdue_tell_the_responsible(controller, unit):
    from insyn.followup.constants import PlanStatus
    from insyn.followup.tests.factories import PlannedFollowUpFactory

    approved = PlanFactory(year=2026, status=PlanStatus.APPROVED)
    march = PlannedFollowUpFactory(plan=approved, unit=unit, month=3, responsible=controller)
    january = PlannedFollowUpFactory(plan=approved, unit=unit, month=1, responsible=controller)
    PlannedFollowUpFactory(plan=approved, unit=unit, month=5, responsible=controller)  # later
    started = PlannedFollowUpFactory(plan=approved, unit=unit, month=2, responsible=controller)
    FollowUpFactory(unit=unit, planned=started)  # February's is started: not overdue
    from insyn.accounts.tests.factories import OrgUnitFactory

    norr = OrgUnitFactory(name="Socialnämnden Norr", kind="committee")
    draft = PlanFactory(year=2026, status=PlanStatus.DRAFT, committee=norr)
    PlannedFollowUpFactory(plan=draft, unit=unit, month=3, responsible=controller)  # not decided
    _nightly(dt.date(2026, 3, 2))
    _nightly(dt.date(2026, 3, 20))  # same month: nothing new
    got = sorted(
        (n.kind, n.object_id, n.occurred_on)
        for n in Notification.objects.filter(recipient=controller)
    )
    assert got == [
        ("followup.planned_overdue", january.pk, dt.date(2026, 3, 1)),
        ("followup.planned_this_month", march.pk, dt.date(2026, 3, 1)),
    ]


def test_a_new_plan_waits_for_the_committee_managers(manager, controller):
    followup_services.create_plan(2027, None, controller)
    assert told("followup.plan_waiting") == ["manager"]
    assert told("followup.plan_approved") == []


def test_forwarding_feedback_tells_the_controllers_and_nobody_else(unit, controller, case_worker):
    from insyn.accounts.tests.factories import OrgUnitFactory

    district = OrgUnitFactory(name="Centrum")
    coordinator = UserFactory(coordinator=True, org_unit=district, username="samordnare")
    item = FeedbackItemFactory(unit=unit, status=Status.REGISTERED, district=district)
    assert told("feedback.forwarded") == []
    feedback_services.forward_to_controllers(item, coordinator)
    assert told("feedback.forwarded") == ["controller"]
    note = Notification.objects.get(kind="feedback.forwarded")
    assert item.text not in note.text


def test_escalation_fires_for_a_serious_item_and_not_for_an_ordinary_one(unit, controller):
    from insyn.feedback.constants import Severity
    from insyn.feedback.tests.test_escalation import register

    register(unit, controller, dt.date(2026, 1, 10), severity=Severity.MEDIUM)
    assert told("feedback.escalated") == []
    register(unit, controller, dt.date(2026, 1, 11), severity=Severity.SERIOUS)
    assert told("feedback.escalated") == ["controller"]
    assert Notification.objects.get(kind="feedback.escalated").subject.startswith("Larm: ")


@time_machine.travel(TODAY, tick=False)
def test_action_plan_is_requested_when_the_provider_can_see_the_deficiency(
    provider_user, unit, controller
):
    """A deficiency registered during the visit is in the portal only once the follow-up is
    finished (`queries.deficiencies_for`); the request (and its mail) waits until then, and
    finishing also asks for the deficiencies it creates."""
    from insyn.followup.forms import DeficiencyForm
    from insyn.followup.models import Answer
    from insyn.questionnaires.tests.factories import QuestionFactory

    staff = QuestionFactory(text="Är bemanningen enligt avtal?")
    followup = FollowUpFactory(unit=unit, template=staff.template, responsible=controller)
    Answer.objects.create(followup=followup, question=staff, value="no")
    form = DeficiencyForm(
        {
            "description": "Genomförandeplaner saknas",
            "severity": "medium",
            "required_action": "Upprätta planer.",
            "deadline": "2026-04-09",
        },
        followup=followup,
    )
    assert form.is_valid(), form.errors
    hand = followup_services.add_deficiency(followup, form, controller)
    assert told("followup.action_plan_requested") == []
    followup_services.finish_followup(
        followup, controller, {staff.pk: followup_services.Decision("create")}
    )
    requested = Notification.objects.filter(kind="followup.action_plan_requested")
    assert {n.recipient.username for n in requested} == {"provider"}
    assert len(requested) == 2  # the hand-registered one and the one finishing created
    assert hand.pk in {n.object_id for n in requested}
    # Registered after the finish: asked at once.
    form = DeficiencyForm(
        {
            "description": "Brandövning saknas",
            "severity": "low",
            "required_action": "Öva.",
            "deadline": "2026-04-09",
        },
        followup=followup,
    )
    assert form.is_valid(), form.errors
    followup_services.add_deficiency(followup, form, controller)
    assert len(told("followup.action_plan_requested")) == 3


def test_no_action_plan_reminders_for_a_visit_under_way(unit):
    from insyn.followup import notices

    draft = FollowUpFactory(unit=unit, status=FollowUpStatus.DRAFT)
    done = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    today = dt.date(2026, 3, 10)
    DeficiencyFactory(followup=draft, deadline=today + dt.timedelta(days=3))
    reminded = DeficiencyFactory(followup=done, deadline=today + dt.timedelta(days=3))
    found = [(k.key, t.pk) for k, t, _ in notices.reminders(today)]
    assert found == [("followup.action_plan_due", reminded.pk)]

"""Each follow-up event writes exactly one readable entry; a refusal or rollback writes none."""

import datetime as dt

import pytest
from django.db import transaction

from insyn.accounts.tests.factories import UserFactory
from insyn.core.errors import DomainError
from insyn.core.history import history_for, sentence
from insyn.core.models import ActionLog
from insyn.followup import services
from insyn.followup.constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import ActionPlan, Answer
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def manager(db):
    return UserFactory(manager=True)


def _only_entry():
    entries = list(ActionLog.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0], sentence(entries[0])


def test_approving_the_plan_writes_one_event(manager):
    plan = PlanFactory(year=2026)
    services.approve_plan(plan, manager)
    entry, text = _only_entry()
    assert (entry.action, entry.user) == ("insyn.followup.plan.approved", manager)
    assert text == "Uppföljningsplan 2026 (hela kommunen) beslutades."
    assert history_for(plan)[0]["action"] == text


def test_approving_an_approved_plan_is_refused_without_an_event(manager):
    plan = PlanFactory(year=2026)
    services.approve_plan(plan, manager)
    with pytest.raises(DomainError):
        services.approve_plan(plan, manager)
    assert ActionLog.objects.count() == 1


def test_a_rolled_back_approval_leaves_no_event(manager):
    plan = PlanFactory(year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_plan(plan, manager)
        raise RuntimeError("something after the approval failed")
    assert ActionLog.objects.count() == 0


def test_starting_a_followup_writes_one_event(controller, unit):
    TemplateFactory(method=Method.SITE_VISIT, is_current=True, name="Aaa besök")
    followup = services.start_followup(unit, Method.SITE_VISIT, controller)
    entry, text = _only_entry()
    assert entry.action == "insyn.followup.followup.started"
    assert entry.object_id == str(followup.pk)
    assert text == "Uppföljningen Verksamhetsbesök (på plats) – Egen Väg Hisingen startades."


def test_finishing_a_followup_writes_one_event_with_its_counts(controller, unit):
    not_met = QuestionFactory(creates_deficiency=True)
    met = QuestionFactory(template=not_met.template)
    followup = FollowUpFactory(unit=unit, template=not_met.template)
    Answer.objects.create(followup=followup, question=not_met, value="no")
    Answer.objects.create(followup=followup, question=met, value="yes")
    services.finish_followup(followup, controller)
    entry, text = _only_entry()
    assert entry.action == "insyn.followup.followup.finished"
    assert text == (
        "Uppföljningen Verksamhetsbesök (på plats) – Egen Väg Hisingen avslutades med "
        f"diarienummer UPF-2026-{followup.pk:05d}: 2 iakttagelser, 1 brister."
    )


def test_sending_the_report_writes_one_event(controller, unit):
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    services.send_report(followup, controller)
    entry, text = _only_entry()
    assert entry.action == "insyn.followup.report.sent"
    assert text == (
        "Uppföljningsrapporten för Verksamhetsbesök (på plats) – Egen Väg Hisingen "
        "skickades till utföraren."
    )


def test_the_self_report_round_trip_writes_one_event_per_step(controller, provider_user, unit):
    template = TemplateFactory(method=Method.SELF_REPORT)
    followup = FollowUpFactory(unit=unit, template=template)
    services.send_self_report(followup, dt.date(2026, 4, 1), controller)
    services.submit_self_report(followup, provider_user)
    services.return_self_report(followup, controller)
    texts = [(e.action, e.user, sentence(e)) for e in ActionLog.objects.order_by("pk")]
    name = "Egenrapportering – Egen Väg Hisingen"
    assert texts == [
        (
            "insyn.followup.followup.self_report_sent",
            controller,
            f"{name} skickades till utföraren med sista svarsdag 2026-04-01.",
        ),
        (
            "insyn.followup.followup.self_report_submitted",
            provider_user,
            f"{name} skickades in av utföraren.",
        ),
        (
            "insyn.followup.followup.self_report_returned",
            controller,
            f"{name} skickades tillbaka till utföraren för komplettering.",
        ),
    ]


def test_action_plan_decisions_and_remedy_write_one_event_each(controller, unit):
    deficiency = DeficiencyFactory(followup__unit=unit, unit=unit)
    label = f"Brist #{deficiency.pk} vid Egen Väg Hisingen"
    plan = ActionPlan.objects.create(
        deficiency=deficiency, measures="Planer upprättas.", due_date=dt.date(2026, 4, 1)
    )
    deficiency.status = DeficiencyStatus.PLAN_SUBMITTED
    deficiency.save()

    services.return_action_plan(plan, controller, "Ange vem som ansvarar.")
    entry, text = _only_entry()
    assert entry.action == "insyn.followup.action_plan.returned"
    assert text == f"Handlingsplanen för {label} skickades tillbaka för komplettering."
    entry.delete()

    plan.status = ActionPlanStatus.SUBMITTED
    plan.save()
    deficiency.refresh_from_db()
    deficiency.status = DeficiencyStatus.PLAN_SUBMITTED
    deficiency.save()
    plan.refresh_from_db()
    services.accept_action_plan(plan, controller)
    entry, text = _only_entry()
    assert (entry.action, text) == (
        "insyn.followup.action_plan.accepted",
        f"Handlingsplanen för {label} godkändes.",
    )
    entry.delete()

    deficiency.refresh_from_db()
    services.mark_remedied(deficiency, controller)
    entry, text = _only_entry()
    assert entry.action == "insyn.followup.deficiency.remedied"
    assert text == f"{label} markerades som åtgärdad."
    # The description is free text and is not part of the entry.
    assert deficiency.description not in text


def test_risk_flag_set_and_cleared_write_one_event_each_without_the_reason(controller, unit):
    services.set_risk_flag(unit, "Anonym uppgift om Kalle", controller)
    entry, text = _only_entry()
    assert text == "Egen Väg Hisingen flaggades för förhöjd risk."
    assert "Kalle" not in str(entry.data)
    entry.delete()
    services.clear_risk_flag(unit, controller)
    entry, text = _only_entry()
    assert text == "Riskflaggan för Egen Väg Hisingen togs bort."

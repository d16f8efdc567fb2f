"""Finishing a follow-up shows what it will register and applies exactly the confirmed
choices: create, merge into a hand-registered deficiency, or drop with a reason. Never two
deficiencies for one finding; a stale page finishes nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse

from insyn.core.errors import DomainError
from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.followup import services
from insyn.followup.constants import Assessment, FinishDecision, FollowUpStatus
from insyn.followup.models import Answer, Deficiency, Finding, FollowUp
from insyn.followup.services import Decision
from insyn.questionnaires.tests.factories import QuestionFactory
from insyn.registry.tests.factories import RequirementFactory

from .factories import DeficiencyFactory, FollowUpFactory
from .helpers import finish_as_proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def visit(unit):
    """A draft visit: "plans" (requirement 5.2) and "staff" not met and marked to create a
    deficiency, "routines" met; a deficiency on requirement 5.2 was registered by hand."""
    requirement = RequirementFactory()
    plans = QuestionFactory(text="Finns genomförandeplaner?", requirement=requirement, order=1)
    template = plans.template
    staff = QuestionFactory(template=template, text="Är bemanningen enligt avtal?", order=2)
    routines = QuestionFactory(template=template, text="Finns rutiner?", order=3)
    followup = FollowUpFactory(unit=unit, template=template)
    Answer.objects.create(followup=followup, question=plans, value="no", comment="Saknas för två")
    Answer.objects.create(followup=followup, question=staff, value="no")
    Answer.objects.create(followup=followup, question=routines, value="yes")
    hand = DeficiencyFactory(
        followup=followup,
        unit=unit,
        requirement=requirement,
        description="Två placerade saknar genomförandeplan.",
        deadline=dt.date(2026, 4, 1),
    )
    return {
        "followup": followup,
        "plans": plans,
        "staff": staff,
        "routines": routines,
        "hand": hand,
    }


def _url(followup):
    return reverse("followup:followup_finish", args=[followup.pk])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_preview_lists_findings_and_suggests_merging_the_hand_registered_deficiency(
    client, controller, visit
):
    client.force_login(controller)
    response = client.get(_url(visit["followup"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iakttagelser som registreras (3)" in html
    assert "Två placerade saknar genomförandeplan." in html
    form = response.context["form"]
    plans, staff = visit["plans"].pk, visit["staff"].pk
    # Same requirement as the hand-registered one: merge proposed; the other: a new one.
    assert form[f"d_{plans}"].value() == f"merge:{visit['hand'].pk}"
    assert form[f"d_{staff}"].value() == "create"
    assert f"d_{visit['routines'].pk}" not in form.fields
    # Showing the page stores nothing.
    visit["followup"].refresh_from_db()
    assert visit["followup"].status == FollowUpStatus.DRAFT
    assert not Finding.objects.exists()


def test_confirming_the_proposal_merges_and_creates_without_duplicates(client, controller, visit):
    client.force_login(controller)
    response = finish_as_proposed(client, visit["followup"])
    assert response.status_code == 302
    followup = FollowUp.objects.get(pk=visit["followup"].pk)
    assert followup.status == FollowUpStatus.DONE
    assert followup.findings.count() == 3
    # Two not-met findings, two deficiencies: the hand one (now linked) and one new.
    assert followup.deficiencies.count() == 2
    hand = Deficiency.objects.get(pk=visit["hand"].pk)
    assert hand.finding.question == visit["plans"]
    assert hand.description == "Två placerade saknar genomförandeplan."
    created = followup.deficiencies.exclude(pk=hand.pk).get()
    assert created.finding.question == visit["staff"]
    assert created.deadline == dt.date(2026, 4, 9)  # 30 days from 2026-03-10
    merged = ActionLog.objects.get(action="insyn.followup.deficiency.merged")
    assert sentence(merged) == (
        f"Brist #{hand.pk} vid Egen Väg Hisingen slogs ihop med iakttagelsen för frågan "
        "”Finns genomförandeplaner?” när uppföljningen avslutades."
    )


def test_creating_both_keeps_the_hand_registered_one_unlinked(client, controller, visit):
    client.force_login(controller)
    finish_as_proposed(client, visit["followup"], **{f"d_{visit['plans'].pk}": "create"})
    followup = visit["followup"]
    assert followup.deficiencies.count() == 3
    assert Deficiency.objects.get(pk=visit["hand"].pk).finding is None
    assert followup.deficiencies.filter(finding__question=visit["plans"]).count() == 1


def test_dropping_records_the_reason_on_the_finding_and_creates_nothing(client, controller, visit):
    client.force_login(controller)
    staff = visit["staff"].pk
    finish_as_proposed(
        client,
        visit["followup"],
        **{f"d_{staff}": "drop", f"r_{staff}": "Bemanningen rättades under besöket."},
    )
    followup = visit["followup"]
    finding = followup.findings.get(question=visit["staff"])
    assert finding.assessment == Assessment.NOT_MET
    assert finding.no_deficiency_reason == "Bemanningen rättades under besöket."
    assert not hasattr(finding, "deficiency") or finding.deficiency is None
    assert followup.deficiencies.count() == 1  # only the merged hand one
    dropped = ActionLog.objects.get(action="insyn.followup.followup.deficiency_dropped")
    assert "Är bemanningen enligt avtal?" in sentence(dropped)
    assert "rättades under besöket" not in sentence(dropped)  # free text stays off the log
    page = client.get(followup.get_absolute_url()).content.decode()
    assert "Ingen brist registrerad: Bemanningen rättades under besöket." in page


def test_dropping_without_a_reason_is_refused_and_nothing_is_finished(client, controller, visit):
    client.force_login(controller)
    staff = visit["staff"].pk
    response = finish_as_proposed(client, visit["followup"], **{f"d_{staff}": "drop"})
    assert response.status_code == 200
    assert "Skriv varför ingen brist ska registreras för ”Är bemanningen enligt avtal?”." in (
        response.content.decode()
    )
    visit["followup"].refresh_from_db()
    assert visit["followup"].status == FollowUpStatus.DRAFT
    assert not Finding.objects.exists()
    assert Deficiency.objects.count() == 1


def test_stale_version_is_refused_and_nothing_is_finished(client, controller, visit):
    client.force_login(controller)
    followup = visit["followup"]
    form = client.get(_url(followup)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    # Someone saves answers after the page was shown.
    FollowUp.objects.filter(pk=followup.pk).update(version=followup.version + 1)
    response = client.post(_url(followup), data)
    assert response.status_code == 302 and response.url == _url(followup)
    assert any("Ingenting är avslutat" in m for m in _messages(response))
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DRAFT
    assert not Finding.objects.exists()
    assert Deficiency.objects.get().finding is None


def test_deficiency_registered_after_the_page_was_shown_refuses_the_finish(
    client, controller, visit, unit
):
    client.force_login(controller)
    followup = visit["followup"]
    form = client.get(_url(followup)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    DeficiencyFactory(followup=followup, unit=unit, description="Registrerad av en kollega.")
    response = client.post(_url(followup), data)
    assert any("Ingenting är avslutat" in m for m in _messages(response))
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DRAFT and not Finding.objects.exists()


def test_two_findings_cannot_be_merged_into_the_same_deficiency(controller, visit):
    hand = visit["hand"].pk
    decisions = {
        visit["plans"].pk: Decision(FinishDecision.MERGE, deficiency_id=hand),
        visit["staff"].pk: Decision(FinishDecision.MERGE, deficiency_id=hand),
    }
    with pytest.raises(DomainError, match="kan inte slås ihop med samma brist"):
        services.finish_followup(visit["followup"], controller, decisions)
    visit["followup"].refresh_from_db()
    assert visit["followup"].status == FollowUpStatus.DRAFT
    assert not Finding.objects.exists()


def test_merging_into_another_followups_deficiency_is_refused(controller, visit, unit):
    elsewhere = DeficiencyFactory(followup__unit=unit, unit=unit)
    decisions = {
        visit["plans"].pk: Decision(FinishDecision.MERGE, deficiency_id=elsewhere.pk),
        visit["staff"].pk: Decision(FinishDecision.CREATE),
    }
    with pytest.raises(DomainError, match="finns inte längre eller hör redan till"):
        services.finish_followup(visit["followup"], controller, decisions)
    assert not Finding.objects.exists()


def test_a_missing_decision_is_refused_naming_the_question(controller, visit):
    decisions = {visit["plans"].pk: Decision(FinishDecision.CREATE)}
    with pytest.raises(DomainError, match="”Är bemanningen enligt avtal\\?”"):
        services.finish_followup(visit["followup"], controller, decisions)
    assert not Finding.objects.exists()


def test_finishing_without_decisions_is_refused_when_hand_deficiencies_exist(controller, visit):
    with pytest.raises(DomainError, match="registrerats för hand"):
        services.finish_followup(visit["followup"], controller)
    visit["followup"].refresh_from_db()
    assert visit["followup"].status == FollowUpStatus.DRAFT


def test_finishing_without_decisions_creates_every_proposal_when_nothing_can_merge(
    controller, unit
):
    question = QuestionFactory()
    followup = FollowUpFactory(unit=unit, template=question.template)
    Answer.objects.create(followup=followup, question=question, value="no")
    services.finish_followup(followup, controller)
    assert followup.deficiencies.get().finding.question == question


def test_a_finding_has_at_most_one_deficiency_in_the_database(controller, visit, unit):
    finish = {
        visit["plans"].pk: Decision(FinishDecision.CREATE),
        visit["staff"].pk: Decision(FinishDecision.CREATE),
    }
    services.finish_followup(visit["followup"], controller, finish)
    finding = Finding.objects.get(question=visit["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        DeficiencyFactory(followup=visit["followup"], unit=unit, finding=finding)


def test_a_finished_followup_is_not_offered_for_finishing(client, controller, unit):
    followup = FollowUpFactory(unit=unit, status=FollowUpStatus.DONE)
    client.force_login(controller)
    response = client.get(_url(followup))
    assert response.status_code == 302 and response.url == followup.get_absolute_url()
    assert "kan inte avslutas" in _messages(response)[0]


def test_case_worker_cannot_open_or_confirm_the_finish(client, case_worker, visit):
    client.force_login(case_worker)
    assert client.get(_url(visit["followup"])).status_code == 403
    assert client.post(_url(visit["followup"]), {"version": 1}).status_code == 403
    visit["followup"].refresh_from_db()
    assert visit["followup"].status == FollowUpStatus.DRAFT


def test_hand_registered_deficiency_after_finishing_can_name_its_finding(client, controller, unit):
    question = QuestionFactory(creates_deficiency=False)
    followup = FollowUpFactory(unit=unit, template=question.template)
    Answer.objects.create(followup=followup, question=question, value="no")
    services.finish_followup(followup, controller)
    finding = followup.findings.get()
    client.force_login(controller)
    data = {
        "description": "Rutin saknas.",
        "severity": "medium",
        "required_action": "Ta fram en rutin.",
        "deadline": "2026-04-30",
        "finding": finding.pk,
    }
    url = reverse("followup:deficiency_add", args=[followup.pk])
    assert client.post(url, data).status_code == 302
    assert Deficiency.objects.get().finding == finding
    # The finding now has its deficiency: it is no longer offered.
    form = client.get(url).context["form"]
    assert "finding" not in form.fields


def test_linking_a_finding_that_got_its_deficiency_meanwhile_is_refused(controller, unit):
    from insyn.followup.forms import DeficiencyForm

    question = QuestionFactory(creates_deficiency=False)
    followup = FollowUpFactory(unit=unit, template=question.template)
    Answer.objects.create(followup=followup, question=question, value="no")
    services.finish_followup(followup, controller)
    finding = followup.findings.get()
    data = {
        "description": "Rutin saknas.",
        "severity": "medium",
        "required_action": "Ta fram en rutin.",
        "deadline": "2026-04-30",
        "finding": finding.pk,
    }
    form = DeficiencyForm(data, followup=followup)
    assert form.is_valid(), form.errors
    DeficiencyFactory(followup=followup, unit=unit, finding=finding)  # a colleague was faster
    with pytest.raises(DomainError, match="Iakttagelsen har redan en brist"):
        services.add_deficiency(followup, form, controller)
    assert Deficiency.objects.count() == 1

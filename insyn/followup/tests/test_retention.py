"""Gallring of follow-up texts: two years (TEXT_RETENTION_YEARS) after a follow-up was
finished, once its deficiencies are remedied, identity numbers in its texts become
`YYMMDD-****`, in the rows and in the change history; the rest of the text stays."""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core.models import ActionLog
from insyn.followup import retention
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus
from insyn.followup.models import ActionPlan, Answer, Finding, FollowUp
from insyn.questionnaires.tests.factories import QuestionFactory

from .factories import DeficiencyFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

PNR = "811218-9876"
MASKED = "811218-****"
FINISHED = dt.datetime(2024, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def followup(time_machine):
    """A follow-up finished 2024-03-10 12:00 UTC with a pnr in every kind of text, written
    through auditlog (the change history of each row exists)."""
    time_machine.move_to(FINISHED)
    followup = FollowUpFactory(
        status=FollowUpStatus.DONE, finished_at=FINISHED, summary=f"Besök hos {PNR}."
    )
    question = QuestionFactory(template=followup.template)
    Answer.objects.create(
        followup=followup, question=question, value=f"Se {PNR}", comment=f"Gäller {PNR}"
    )
    Finding.objects.create(followup=followup, assessment="not_met", text=f"Plan saknas ({PNR})")
    deficiency = DeficiencyFactory(
        followup=followup,
        description=f"Genomförandeplan saknas för {PNR}",
        required_action="Upprätta plan.",
        status=DeficiencyStatus.REMEDIED,
    )
    ActionPlan.objects.create(
        deficiency=deficiency,
        measures=f"Ny plan för {PNR}",
        responsible_person="Anna",
        due_date=dt.date(2024, 4, 1),
        decision_comment=f"Bra, {PNR} har plan",
    )
    # An entry from before the texts were hidden still carries the text.
    followup.old_entry = LogEntry.objects.create(
        content_type_id=LogEntry.objects.get_for_object(deficiency).first().content_type_id,
        object_pk=str(deficiency.pk),
        object_repr=deficiency.description,
        action=LogEntry.Action.UPDATE,
        changes={"description": ["", deficiency.description], "severity": ["low", "high"]},
    )
    return followup


def _all_texts(followup):
    followup.refresh_from_db()
    answer = followup.answers.get()
    deficiency = followup.deficiencies.get()
    plan = deficiency.action_plans.get()
    return [
        followup.summary,
        answer.value,
        answer.comment,
        followup.findings.get().text,
        deficiency.description,
        plan.measures,
        plan.decision_comment,
    ]


def _logged():
    return " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())


def test_texts_keep_their_identity_numbers_the_day_before_two_years(followup, time_machine):
    # finished 2024-03-10 12:00; the cutoff on 2026-03-10 is 2024-03-10 00:00 → not yet.
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2026, 3, 10)) == 0
    assert all(PNR in text for text in _all_texts(followup))


def test_identity_numbers_are_masked_two_years_after_finishing(followup, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC), tick=False)
    assert retention.apply_retention(dt.date(2026, 3, 11)) == 1
    assert _all_texts(followup) == [
        f"Besök hos {MASKED}.",
        f"Se {MASKED}",
        f"Gäller {MASKED}",
        f"Plan saknas ({MASKED})",
        f"Genomförandeplan saknas för {MASKED}",
        f"Ny plan för {MASKED}",
        f"Bra, {MASKED} har plan",
    ]
    assert followup.texts_retained_at == dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC)
    assert "9876" not in _logged()
    assert "Genomförandeplan" not in _logged()  # the old entry's object name is the label now
    old = LogEntry.objects.get(pk=followup.old_entry.pk)
    assert old.changes == {"description": ["", "(fritext)"], "severity": ["low", "high"]}
    event = ActionLog.objects.get(action="insyn.followup.followup.texts_retained")
    assert (event.user, event.data) == (None, {"count": 7})


def test_retention_runs_once_per_followup(followup, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2026, 6, 1)) == 1
    assert retention.apply_retention(dt.date(2026, 6, 1)) == 0


def test_a_followup_with_an_unremedied_deficiency_waits(followup, time_machine):
    DeficiencyFactory(followup=followup, status=DeficiencyStatus.PLAN_ACCEPTED)
    time_machine.move_to(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2030, 1, 1)) == 0
    followup.refresh_from_db()
    assert followup.summary == f"Besök hos {PNR}."


def test_an_unfinished_followup_is_never_retained(time_machine):
    FollowUpFactory(status=FollowUpStatus.SUBMITTED, summary=f"Om {PNR}")
    time_machine.move_to(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2040, 1, 1)) == 0
    assert FollowUp.objects.get().summary == f"Om {PNR}"


def test_the_period_is_a_setting(followup, settings, time_machine):
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"TEXT_RETENTION_YEARS": 5}}
    time_machine.move_to(dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2027, 1, 1)) == 0
    time_machine.move_to(dt.datetime(2029, 3, 11, tzinfo=dt.UTC))
    assert retention.apply_retention(dt.date(2029, 3, 11)) == 1


def test_the_daily_command_masks_and_reports(followup, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("apply_followup_retention", stdout=out)
    assert out.getvalue().strip() == "Gallrade 1 uppföljningar (avslutade för mer än 2 år sedan)."
    assert PNR not in _all_texts(followup)[0]


def test_the_retained_texts_history_page_shows_the_event(client, followup, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC))
    retention.apply_retention(dt.date(2026, 3, 11))
    client.force_login(UserFactory(controller=True))
    html = client.get(reverse("followup:followup_history", args=[followup.pk])).content.decode()
    assert f"Personnummer i texterna till {followup} gallrades (7 texter)." in html

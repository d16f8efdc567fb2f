import io

import pytest
from django.core.management import CommandError, call_command

from insyn.core.management.commands import run_daily_jobs

DAILY = [
    "delete_expired_documents",
    "supplier_checks",
    "snapshot_risk",
    "apply_followup_retention",
    "refresh_rating_summaries",
    "send_rating_reminders",
    "apply_feedback_retention",
    # last: the reminders see the day's state after every other job
    "send_notification_reminders",
]


def test_every_apps_daily_job_is_listed_in_app_order():
    out = io.StringIO()
    call_command("run_daily_jobs", "--list", stdout=out)
    assert out.getvalue().split() == DAILY


@pytest.mark.django_db
def test_all_jobs_run_against_a_real_database(unit):
    out = io.StringIO()
    call_command("run_daily_jobs", stdout=out)
    assert [
        line.split(":")[0] for line in out.getvalue().splitlines() if "klart på" in line
    ] == DAILY


def test_a_failing_job_does_not_stop_the_others_but_fails_the_run(monkeypatch):
    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "refresh_rating_summaries":
            raise RuntimeError("databasen svarar inte")

    monkeypatch.setattr(run_daily_jobs, "call_command", fake_call_command)
    err = io.StringIO()
    with pytest.raises(CommandError, match="refresh_rating_summaries"):
        call_command("run_daily_jobs", stdout=io.StringIO(), stderr=err)
    assert ran == DAILY
    assert "refresh_rating_summaries: misslyckades – databasen svarar inte" in err.getvalue()

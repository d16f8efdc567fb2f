"""A controller corrects a deficiency's severity, text, required action and deadline while
it is not remedied; the change is in its history; a deadline moved into the past is
refused; a correction saved over someone else's is a conflict, not a silent overwrite."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from insyn.core.history import sentence
from insyn.core.models import ActionLog
from insyn.followup.constants import DeficiencyStatus, Severity
from insyn.followup.models import Deficiency

from .factories import DeficiencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def deficiency(unit):
    return DeficiencyFactory(followup__unit=unit, unit=unit, deadline=dt.date(2026, 4, 30))


def _url(deficiency):
    return reverse("followup:deficiency_edit", args=[deficiency.pk])


def _data(deficiency, **changes):
    data = {
        "version": deficiency.version,
        "severity": deficiency.severity,
        "description": deficiency.description,
        "required_action": deficiency.required_action,
        "deadline": f"{deficiency.deadline:%Y-%m-%d}",
    }
    # What the editor saw (VersionedFormMixin's hidden initial values).
    data.update({f"initial-{k}": v for k, v in list(data.items()) if k != "version"})
    data.update(changes)
    return data


def test_controller_corrects_severity_text_and_deadline_with_history(
    client, controller, deficiency
):
    client.force_login(controller)
    response = client.post(
        _url(deficiency),
        _data(
            deficiency,
            severity=Severity.HIGH,
            description="Tre placerade saknar genomförandeplan.",
            deadline="2026-05-15",
        ),
    )
    assert response.status_code == 302 and response.url == deficiency.get_absolute_url()
    deficiency.refresh_from_db()
    assert deficiency.severity == Severity.HIGH
    assert deficiency.description == "Tre placerade saknar genomförandeplan."
    assert deficiency.deadline == dt.date(2026, 5, 15)
    assert deficiency.version == 2
    event = ActionLog.objects.get(action="insyn.followup.deficiency.corrected")
    assert sentence(event) == (
        f"Brist #{deficiency.pk} vid Egen Väg Hisingen rättades "
        "(allvarlighet, brist, handlingsplan senast)."
    )
    change = LogEntry.objects.get_for_object(deficiency).filter(action=LogEntry.Action.UPDATE)
    assert change.get().actor == controller


def test_deadline_before_today_is_refused_naming_the_field(client, controller, deficiency):
    client.force_login(controller)
    response = client.post(_url(deficiency), _data(deficiency, deadline="2026-03-09"))
    assert response.status_code == 200
    assert "Handlingsplan senast kan inte vara före dagens datum (2026-03-10)." in (
        response.content.decode()
    )
    deficiency.refresh_from_db()
    assert deficiency.deadline == dt.date(2026, 4, 30) and deficiency.version == 1


def test_today_is_accepted_as_deadline(client, controller, deficiency):
    client.force_login(controller)
    client.post(_url(deficiency), _data(deficiency, deadline="2026-03-10"))
    deficiency.refresh_from_db()
    assert deficiency.deadline == dt.date(2026, 3, 10)


def test_overdue_deficiency_text_can_be_corrected_keeping_its_deadline(client, controller, unit):
    overdue = DeficiencyFactory(followup__unit=unit, unit=unit, deadline=dt.date(2026, 3, 1))
    client.force_login(controller)
    response = client.post(_url(overdue), _data(overdue, required_action="Skriv planerna."))
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.required_action == "Skriv planerna."
    assert overdue.deadline == dt.date(2026, 3, 1) and overdue.is_overdue


def test_remedied_deficiency_cannot_be_corrected(client, controller, unit):
    closed = DeficiencyFactory(followup__unit=unit, unit=unit, status=DeficiencyStatus.REMEDIED)
    client.force_login(controller)
    response = client.post(_url(closed), _data(closed, severity=Severity.HIGH))
    assert response.status_code == 302
    assert "kan inte längre rättas" in str(list(get_messages(response.wsgi_request))[0])
    closed.refresh_from_db()
    assert closed.severity == Severity.MEDIUM
    assert client.get(_url(closed)).status_code == 302


def test_correction_over_someone_elses_is_a_conflict(client, controller, deficiency):
    client.force_login(controller)
    stale = _data(deficiency, severity=Severity.LOW)
    client.post(_url(deficiency), _data(deficiency, severity=Severity.HIGH))
    response = client.post(_url(deficiency), stale)
    assert response.status_code == 409
    assert "Allvarlighet: Medel → Hög" in response.content.decode()
    deficiency.refresh_from_db()
    assert deficiency.severity == Severity.HIGH


def test_case_worker_and_provider_cannot_correct(client, case_worker, provider_user, deficiency):
    for user in (case_worker, provider_user):
        client.force_login(user)
        assert client.get(_url(deficiency)).status_code in (403, 404)
        response = client.post(_url(deficiency), _data(deficiency, severity=Severity.HIGH))
        assert response.status_code in (403, 404)
    deficiency.refresh_from_db()
    assert deficiency.severity == Severity.MEDIUM


def test_deficiency_page_offers_correction_only_while_open(client, controller, deficiency):
    client.force_login(controller)
    page = client.get(deficiency.get_absolute_url()).content.decode()
    assert _url(deficiency) in page
    Deficiency.objects.filter(pk=deficiency.pk).update(status=DeficiencyStatus.REMEDIED)
    page = client.get(deficiency.get_absolute_url()).content.decode()
    assert _url(deficiency) not in page


def test_new_deficiency_with_a_past_deadline_is_refused(client, controller, deficiency):
    client.force_login(controller)
    response = client.post(
        reverse("followup:deficiency_add", args=[deficiency.followup_id]),
        {
            "description": "Rutin saknas.",
            "severity": "medium",
            "required_action": "Ta fram en rutin.",
            "deadline": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "Handlingsplan senast kan inte vara före dagens datum" in response.content.decode()
    assert Deficiency.objects.count() == 1

"""A follow-up from plan row to closed action plan, through the pages both parties use."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from insyn.followup.constants import ActionPlanStatus, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import Deficiency, FollowUp, ReportDispatch
from insyn.questionnaires.models import Template

from .factories import PlannedFollowUpFactory
from .helpers import finish_as_proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def _visit_template():
    return Template.objects.get(code="besok", is_current=True)


def _answer_post(followup, overrides):
    data = {"version": followup.version, "performed_on": "2026-03-10", "participants": "LINK"}
    for q in followup.template.questions.all():
        if q.answer_type == "yes_no_partly":
            data[f"q_{q.pk}"] = "yes"
        elif q.answer_type == "scale":
            data[f"q_{q.pk}"] = "4"
    data.update(overrides)
    return data


def test_visit_from_plan_row_to_remedied_deficiency(client, controller, provider_user, unit):
    row = PlannedFollowUpFactory(unit=unit, month=3)
    client.force_login(controller)
    response = client.post(reverse("followup:plan_row_start", args=[row.pk]), {"confirmed": "1"})
    followup = FollowUp.objects.get(planned=row)
    assert response.url == followup.get_absolute_url()
    assert followup.template == _visit_template()

    plan_question = followup.template.questions.get(text__startswith="Har varje placerad")
    response = client.post(
        followup.get_absolute_url(),
        _answer_post(
            followup, {f"q_{plan_question.pk}": "no", f"c_{plan_question.pk}": "Saknas för två"}
        ),
    )
    assert response.status_code == 302
    finish_as_proposed(client, followup)
    followup.refresh_from_db()
    assert (
        followup.status == FollowUpStatus.DONE
        and followup.diary_number == f"UPF-2026-{followup.pk:05d}"
    )
    deficiency = Deficiency.objects.get(followup=followup)
    assert plan_question.text in deficiency.description
    assert deficiency.deadline == dt.date(2026, 4, 9)

    client.post(reverse("followup:report_send", args=[followup.pk]), {"confirmed": "1"})
    assert ReportDispatch.objects.filter(followup=followup, sent_by=controller).exists()

    client.force_login(provider_user)
    home = client.get(reverse("followup_portal:home"))
    assert deficiency.description in home.content.decode()
    response = client.post(
        reverse("followup_portal:deficiency", args=[deficiency.pk]),
        {
            "measures": "Upprättar planer",
            "responsible_person": "Föreståndaren",
            "due_date": "2026-04-30",
        },
    )
    assert response.status_code == 302
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.PLAN_SUBMITTED
    pdf = client.get(reverse("followup_portal:report_pdf", args=[followup.pk]))
    assert pdf["Content-Type"] == "application/pdf"

    client.force_login(controller)
    plan = deficiency.action_plans.get()
    client.post(reverse("followup:action_plan_accept", args=[plan.pk]), {"comment": "Bra"})
    plan.refresh_from_db()
    deficiency.refresh_from_db()
    assert plan.status == ActionPlanStatus.ACCEPTED
    assert deficiency.status == DeficiencyStatus.PLAN_ACCEPTED
    client.post(reverse("followup:deficiency_remedied", args=[deficiency.pk]))
    deficiency.refresh_from_db()
    assert deficiency.status == DeficiencyStatus.REMEDIED and deficiency.remedied_by == controller


def test_report_pdf_contains_header_diary_number_and_headings(client, controller, unit, settings):
    settings.INSYN = {**settings.INSYN, "MUNICIPALITY_NAME": "Göteborgs Stad"}
    row = PlannedFollowUpFactory(unit=unit, month=3)
    client.force_login(controller)
    client.post(reverse("followup:plan_row_start", args=[row.pk]), {"confirmed": "1"})
    followup = FollowUp.objects.get(planned=row)
    q = followup.template.questions.get(text__startswith="Har varje placerad")
    client.post(followup.get_absolute_url(), _answer_post(followup, {f"q_{q.pk}": "no"}))
    finish_as_proposed(client, followup)
    followup.refresh_from_db()
    response = client.get(reverse("followup:report_pdf", args=[followup.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for heading in (
        "Göteborgs Stad",
        "Uppföljningsrapport",
        followup.diary_number,
        "Svar",
        "Iakttagelser",
        "Brister och krav på åtgärder",
        unit.name,
    ):
        assert heading in text
    html = client.get(reverse("followup:report", args=[followup.pk])).content.decode()
    assert "Brister och krav på åtgärder" in html and followup.diary_number in html

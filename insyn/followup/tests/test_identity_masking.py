"""Identity numbers typed into follow-up free text (answers and comments, self-report answers,
findings, deficiencies, action plans, summaries) never reach a reader: every page, panel,
report PDF and API response shows them masked (`YYMMDD-****`), for every role."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from insyn.core.identity import find_identity_numbers
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus
from insyn.followup.models import ActionPlan, Answer, Finding, ReportDispatch
from insyn.questionnaires.constants import Method
from insyn.questionnaires.models import Template

from .factories import DeficiencyFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

# The forms: en dash, no-break space, U+2010, U+2212, double space, dot, century,
# and a samordningsnummer (day 18 + 60).
FORMS = [
    "811218\u20139876",
    "811218\u00a09876",
    "811218\u20109876",
    "811218\u22129876",
    "811218  9876",
    "811218.9876",
    "19811218-9876",
    "811278-9873",
]
TYPED = "Gäller " + " och ".join(FORMS)


def _leaks(text: str) -> list[str]:
    return find_identity_numbers(text) + [n for n in FORMS if n in text]


@pytest.fixture
def followup(unit, controller):
    template = Template.objects.get(code="besok", is_current=True)
    followup = FollowUpFactory(
        unit=unit,
        template=template,
        status=FollowUpStatus.DONE,
        performed_on=dt.date(2026, 3, 10),
        summary=TYPED,
        reason=TYPED,
        participants=TYPED,
        diary_number="UPF-2026-00001",
    )
    question = template.questions.first()
    Answer.objects.create(followup=followup, question=question, value=TYPED, comment=TYPED)
    Finding.objects.create(followup=followup, question=question, assessment="not_met", text=TYPED)
    deficiency = DeficiencyFactory(
        followup=followup,
        description=TYPED,
        required_action=TYPED,
        status=DeficiencyStatus.PLAN_SUBMITTED,
    )
    ActionPlan.objects.create(
        deficiency=deficiency,
        measures=TYPED,
        responsible_person="Verksamhetschefen",
        due_date=dt.date(2026, 5, 1),
        decision_comment=TYPED,
    )
    ReportDispatch.objects.create(followup=followup, sent_by=controller)
    return followup


def _pdf_text(response) -> str:
    assert response.status_code == 200
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_municipal_pages_panels_and_report_pdf_mask_follow_up_free_text(
    client, controller, followup
):
    deficiency = followup.deficiencies.get()
    client.force_login(controller)
    pages = {
        name: client.get(url).content.decode()
        for name, url in {
            "detail": reverse("followup:followup_detail", args=[followup.pk]),
            "deficiency": reverse("followup:deficiency_detail", args=[deficiency.pk]),
            "deficiencies": reverse("followup:deficiency_list"),
            "report": reverse("followup:report", args=[followup.pk]),
            "start": reverse("home"),
        }.items()
    }
    # The pages really show the texts (masked), so an empty page proves nothing.
    assert "811218-****" in pages["detail"] and "811278-****" in pages["deficiency"]
    assert "811218-****" in pages["report"]
    pages["pdf"] = _pdf_text(client.get(reverse("followup:report_pdf", args=[followup.pk])))
    assert "811218-" in pages["pdf"]
    assert {name: _leaks(text) for name, text in pages.items()} == {name: [] for name in pages}


def test_provider_portal_and_sent_report_pdf_mask_follow_up_free_text(
    client, provider_user, followup
):
    deficiency = followup.deficiencies.get()
    client.force_login(provider_user)
    pages = {
        name: client.get(url).content.decode()
        for name, url in {
            "home": reverse("followup_portal:home"),
            "deficiency": reverse("followup_portal:deficiency", args=[deficiency.pk]),
            "report": reverse("followup_portal:report", args=[followup.pk]),
        }.items()
    }
    assert "811218-****" in pages["deficiency"] and "811218-****" in pages["report"]
    pages["pdf"] = _pdf_text(client.get(reverse("followup_portal:report_pdf", args=[followup.pk])))
    assert {name: _leaks(text) for name, text in pages.items()} == {name: [] for name in pages}


def test_self_report_answers_are_masked_on_the_providers_page(client, provider_user, unit):
    template = Template.objects.get(method=Method.SELF_REPORT, is_current=True)
    followup = FollowUpFactory(unit=unit, template=template, status=FollowUpStatus.SUBMITTED)
    Answer.objects.create(
        followup=followup, question=template.questions.first(), value="", comment=TYPED
    )
    client.force_login(provider_user)
    body = client.get(reverse("followup_portal:self_report", args=[followup.pk])).content.decode()
    assert "811218-****" in body
    assert _leaks(body) == []


@pytest.mark.parametrize("user_fixture", ["controller", "provider_user"])
def test_api_never_returns_an_unmasked_identity_number(request, followup, user_fixture):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(user_fixture))
    bodies = {
        path: json.dumps(api.get(path).json(), ensure_ascii=False)
        for path in (
            "/api/v1/followups/",
            "/api/v1/followup-answers/",
            "/api/v1/deficiencies/",
            "/api/v1/action-plans/",
        )
    }
    assert any("811218-****" in body for body in bodies.values())
    assert {path: _leaks(b) for path, b in bodies.items()} == {path: [] for path in bodies}

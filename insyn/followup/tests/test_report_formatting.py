"""The follow-up report (HTML and PDF) shows every answer in Swedish: the choices' labels,
and numbers with a decimal comma and a space between thousands."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import Answer
from insyn.followup.tests.factories import FollowUpFactory
from insyn.questionnaires.constants import AnswerType
from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory
from tests.pdf_structure import archivable_problems, text_past_page_edge

pytestmark = pytest.mark.django_db

NBSP = "\xa0"

# (answer type, stored value, what the report shows)
ANSWERS = [
    (AnswerType.YES_NO_PARTLY, "yes", "Ja"),
    (AnswerType.YES_NO_PARTLY, "no", "Nej"),
    (AnswerType.YES_NO_PARTLY, "partly", "Delvis"),
    (AnswerType.SCALE, "4", "4 av 5"),
    (AnswerType.NUMBER, "7.5", "7,5"),
    (AnswerType.NUMBER, "1234.25", f"1{NBSP}234,25"),
    (AnswerType.NUMBER, "12", "12"),
    (AnswerType.DATE, "2026-03-15", "2026-03-15"),
]


@pytest.fixture
def followup(unit):
    template = TemplateFactory()
    followup = FollowUpFactory(unit=unit, template=template, status=FollowUpStatus.DONE)
    for n, (kind, value, _) in enumerate(ANSWERS):
        question = QuestionFactory(template=template, answer_type=kind, text=f"Fråga nr {n}")
        Answer.objects.create(followup=followup, question=question, value=value)
    return followup


def answer_cells(body: str) -> list[str]:
    """The Svar column, in question order, from the report's answers table."""
    cells = []
    for n in range(len(ANSWERS)):
        after = body.split(f'<th scope="row">Fråga nr {n}</th><td>', 1)[1]
        cells.append(after.split("</td>", 1)[0])
    return cells


def test_report_page_shows_swedish_labels_and_swedish_numbers(client, controller, followup):
    client.force_login(controller)
    body = client.get(reverse("followup:report", args=[followup.pk])).content.decode()
    assert answer_cells(body) == [shown for _, _, shown in ANSWERS]
    for raw in (">yes<", ">no<", ">partly<", "7.5", "1234.25"):
        assert raw not in body


def test_report_pdf_shows_swedish_labels_and_swedish_numbers(client, controller, followup):
    client.force_login(controller)
    response = client.get(reverse("followup:report_pdf", args=[followup.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # pypdf gives non-breaking spaces back as plain ones.
    text = text.replace(NBSP, " ")
    for n, (_, _, shown) in enumerate(ANSWERS):
        assert f"Fråga nr {n} {shown.replace(NBSP, ' ')}" in text
    assert "7.5" not in text and "1234.25" not in text
    for raw in ("yes", "partly"):
        assert raw not in text
    assert archivable_problems(response.content) == []
    assert text_past_page_edge(response.content) == []


def test_provider_sees_the_same_swedish_answers_in_the_portal_report(
    client, controller, unit, followup
):
    from insyn.followup import services

    services.send_report(followup, controller)
    client.force_login(UserFactory(provider_user=True, provider=unit.provider))
    body = client.get(reverse("followup_portal:report", args=[followup.pk])).content.decode()
    assert answer_cells(body) == [shown for _, _, shown in ANSWERS]


def test_findings_written_when_finishing_show_the_answer_in_swedish(client, controller, unit):
    from insyn.followup import services

    template = TemplateFactory()
    followup = FollowUpFactory(unit=unit, template=template, status=FollowUpStatus.DRAFT)
    for kind, value, text in [
        (AnswerType.YES_NO_PARTLY, "no", "Finns rutin för avvikelser?"),
        (AnswerType.NUMBER, "7.5", "Antal årsarbetare"),
    ]:
        question = QuestionFactory(template=template, answer_type=kind, text=text)
        Answer.objects.create(followup=followup, question=question, value=value)
    services.finish_followup(followup, controller)
    assert sorted(followup.findings.values_list("text", flat=True)) == [
        "Antal årsarbetare – 7,5",
        "Finns rutin för avvikelser? – Nej",
    ]
    client.force_login(controller)
    body = client.get(reverse("followup:report", args=[followup.pk])).content.decode()
    assert "Finns rutin för avvikelser? – Nej" in body
    assert "– no" not in body and "7.5" not in body

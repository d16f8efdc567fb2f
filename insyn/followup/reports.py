"""The follow-up report (HTML and PDF via WeasyPrint) with the municipality's header."""

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from insyn.core.files import download_response
from insyn.core.pdf import render_pdf, stylesheet
from insyn.questionnaires.answers import display


def answer_rows(followup) -> list[dict]:
    answers = {a.question_id: a for a in followup.answers.all()}
    rows = []
    for question in followup.template.questions.all():
        answer = answers.get(question.pk)
        rows.append(
            {
                "section": question.section,
                "question": question,
                "value": display(question, answer.value) if answer else "",
                "comment": answer.comment if answer else "",
                "file": answer.file.name.rsplit("/", 1)[-1] if answer and answer.file else "",
                "answer_pk": answer.pk if answer else None,
            }
        )
    return rows


def answer_file_response(request, followup, answer_pk):
    """Send one answer's attachment; the caller has loaded `followup` through the user's
    scope and checked permission. Another follow-up's answer is a 404."""
    answer = followup.answers.filter(pk=answer_pk).exclude(file="").first()
    if answer is None:
        raise Http404
    return download_response(request, answer.file, answer.file.name.rsplit("/", 1)[-1], followup)


def context(followup) -> dict:
    return {
        "followup": followup,
        "unit": followup.unit,
        "municipality": settings.INSYN["MUNICIPALITY_NAME"],
        "answers": answer_rows(followup),
        "findings": list(followup.findings.select_related("question")),
        "deficiencies": list(followup.deficiencies.select_related("requirement")),
        "generated": timezone.localtime(),
    }


def filename(followup) -> str:
    return f"uppfoljningsrapport-{followup.diary_number or followup.pk}.pdf"


def pdf(followup, request=None) -> bytes:
    html = render_to_string("followup/report_pdf.html", context(followup))
    return render_pdf(html, [stylesheet("followup/report_pdf.css")])

"""Uploaded files: types decided from the bytes, size limits, private storage and safe
downloads for every kind of upload."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from insyn.core.files import ATTACHMENT, FileKind, sniff, validate_upload
from insyn.core.tests.recent_login import log_in_recently

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("intyg.pdf", PDF, "application/pdf"),
        ("bild.png", PNG, "image/png"),
        (
            "lista.xlsx",
            _xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("brev.txt", "Hej, här är underlaget från enheten.".encode(), "text/plain"),
        ("brev.txt", "Åtgärd för år 2026".encode("cp1252"), "text/plain"),
    ],
)
def test_allowed_files_are_recognised_from_their_bytes(name, content, expected):
    assert validate_upload(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.html", HTML),
        ("rapport.pdf", HTML),  # HTML renamed .pdf
        ("logo.svg", SVG),
        ("logo.png", SVG),
        ("intyg.pdf", EXE),  # a renamed executable
        ("tom.pdf", b""),
        ("data.txt", b"abc\x00\x01\x02"),
    ],
)
def test_html_svg_executables_and_empty_files_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert f"Filen {name} har en filtyp som inte tas emot" in error.value.messages[0]
    assert "avgörs av innehållet" in error.value.messages[0]


def test_a_file_over_the_kinds_limit_is_refused_with_the_limit_named(settings):
    settings.INSYN = {**settings.INSYN, "SMALL_MAX_BYTES": 2 * 1024 * 1024}
    kind = FileKind("bilaga", "SMALL_MAX_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("stor.pdf", PDF + b"x" * (2 * 1024 * 1024)), kind)
    assert "Filen stor.pdf är för stor" in error.value.messages[0]
    assert "2 MB" in error.value.messages[0]


def test_sniffing_leaves_the_upload_readable_from_the_start():
    file = upload("intyg.pdf", PDF)
    sniff(file)
    assert file.read() == PDF


def test_uploads_have_no_public_address_and_media_is_not_routed():
    name = default_storage.save("feedback/1/brev.pdf", ContentFile(PDF))
    with pytest.raises(ValueError, match="ingen publik adress"):
        default_storage.url(name)
    with pytest.raises(Resolver404):
        resolve("/media/feedback/1/brev.pdf")


def test_attachment_kind_has_a_ten_megabyte_default():
    assert ATTACHMENT.max_bytes == 10 * 1024 * 1024


# --- The uploads and downloads that use it ----------------------------------------------


@pytest.fixture
def self_report(unit):
    from insyn.followup.constants import FollowUpStatus
    from insyn.followup.tests.factories import FollowUpFactory
    from insyn.questionnaires.constants import AnswerType, Method
    from insyn.questionnaires.tests.factories import QuestionFactory, TemplateFactory

    template = TemplateFactory(method=Method.SELF_REPORT)
    QuestionFactory(template=template, answer_type=AnswerType.ATTACHMENT, text="Bifoga intyg")
    return FollowUpFactory(
        unit=unit, template=template, method=Method.SELF_REPORT, status=FollowUpStatus.SENT
    )


def _answer_with_file(followup, content=PDF, name="intyg.pdf"):
    from insyn.followup.models import Answer

    return Answer.objects.create(
        followup=followup,
        question=followup.template.questions.get(),
        file=ContentFile(content, name=name),
    )


@pytest.mark.django_db
def test_staff_download_an_answers_attachment_as_an_attachment_with_nosniff(
    client, controller, self_report
):
    answer = _answer_with_file(self_report)
    client.force_login(controller)
    response = client.get(reverse("followup:answer_file", args=[self_report.pk, answer.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="intyg' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_a_stored_html_file_is_never_sent_as_html(client, controller, self_report):
    # Stored before the type check existed: still leaves as an opaque attachment.
    answer = _answer_with_file(self_report, content=HTML, name="evil.html")
    client.force_login(controller)
    response = client.get(reverse("followup:answer_file", args=[self_report.pk, answer.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_the_provider_downloads_its_own_self_report_attachment_in_the_portal(
    client, provider_user, self_report
):
    answer = _answer_with_file(self_report)
    client.force_login(provider_user)
    url = reverse("followup_portal:answer_file", args=[self_report.pk, answer.pk])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_another_providers_user_gets_404_for_the_attachment(
    client, other_provider_user, self_report
):
    answer = _answer_with_file(self_report)
    client.force_login(other_provider_user)
    url = reverse("followup_portal:answer_file", args=[self_report.pk, answer.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_answer_of_another_followup_is_404(client, controller, self_report, other_unit):
    from insyn.followup.tests.factories import FollowUpFactory

    answer = _answer_with_file(self_report)
    other = FollowUpFactory(unit=other_unit)
    client.force_login(controller)
    url = reverse("followup:answer_file", args=[other.pk, answer.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_replaced_answer_file_is_deleted_from_disk(
    provider_user, self_report, django_capture_on_commit_callbacks
):
    from insyn.followup import services

    answer = _answer_with_file(self_report)
    old_name = answer.file.name
    question = self_report.template.questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(
            self_report,
            {question.pk: {"value": "", "file": upload("nytt.pdf", PDF)}},
            self_report.version,
            provider_user,
        )
    answer.refresh_from_db()
    assert answer.file.name != old_name
    assert not default_storage.exists(old_name)
    assert default_storage.exists(answer.file.name)


@pytest.mark.django_db
def test_an_html_file_renamed_pdf_is_refused_as_a_feedback_attachment(client, case_worker, unit):
    from insyn.feedback.models import FeedbackItem
    from insyn.feedback.tests.test_pages import register_data

    client.force_login(case_worker)
    response = client.post(
        reverse("feedback:create"),
        {**register_data(unit), "attachment": upload("brev.pdf", HTML)},
    )
    assert "Filen brev.pdf har en filtyp som inte tas emot" in str(
        response.context["form"].errors["attachment"]
    )
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_a_contract_document_that_is_really_svg_is_refused_and_nothing_stored(
    client, controller, unit
):
    from insyn.registry.models import ContractDocument
    from insyn.registry.tests.factories import ContractFactory

    contract = ContractFactory(provider=unit.provider)
    client.force_login(controller)
    response = client.post(
        reverse("registry:contract_document_upload", args=[contract.pk]),
        {"title": "Avtal", "file": upload("avtal.pdf", SVG)},
        follow=True,
    )
    text = response.content.decode()
    assert (
        "Dokumentet kunde inte bifogas: Fil: Filen avtal.pdf har en filtyp som inte tas emot"
        in text
    )
    assert not ContractDocument.objects.exists()


@pytest.mark.django_db
def test_feedback_attachments_download_with_nosniff(client, controller, unit):
    from insyn.feedback.models import FeedbackAttachment
    from insyn.feedback.tests.factories import FeedbackItemFactory

    item = FeedbackItemFactory(unit=unit)
    attachment = FeedbackAttachment.objects.create(
        item=item, file=ContentFile(PDF, name="brev.pdf"), name="brev.pdf", size=len(PDF)
    )
    log_in_recently(client, controller)
    response = client.get(reverse("feedback:attachment_download", args=[item.pk, attachment.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")

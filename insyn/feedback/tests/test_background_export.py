"""A large feedback export is built by the worker (core.documents): the same rows, filters
and masking as the streamed CSV, downloaded only by the person who ordered it."""

import csv
import io

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core.models import GeneratedDocument
from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.constants import Kind
from insyn.feedback.tests.factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db

EXPORT = "/synpunkter/export/"


@pytest.fixture(autouse=True)
def _worker(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path


def _rows(content: bytes):
    text = content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_large_export_goes_to_the_worker_with_the_same_rows(
    client, controller, settings, django_capture_on_commit_callbacks
):
    FeedbackItemFactory(kind=Kind.PRAISE, text="Bra bemötande av 19811218-9876")
    FeedbackItemFactory(kind=Kind.COMPLAINT)
    FeedbackItemFactory(kind=Kind.COMPLAINT)
    log_in_recently(client, controller)
    query = {"kind": Kind.COMPLAINT}
    streamed = b"".join(client.get(EXPORT, query).streaming_content)

    # From two rows on, the export is a background document.
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 2}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, query)
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = _rows(download.content)
    assert rows == _rows(streamed)
    assert len(rows) == 1 + 2 and {r[2] for r in rows[1:]} == {"Klagomål"}

    other = UserFactory(controller=True)
    log_in_recently(client, other)
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_a_small_export_still_streams(client, controller, settings):
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 2}}
    FeedbackItemFactory()
    log_in_recently(client, controller)
    response = client.get(EXPORT)
    assert response.status_code == 200 and response.streaming
    assert not GeneratedDocument.objects.exists()


def test_the_background_export_masks_identity_numbers(
    client, controller, settings, django_capture_on_commit_callbacks
):
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 1}}
    FeedbackItemFactory(text="Gäller 19811218-9876 på avdelning 2")
    log_in_recently(client, controller)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(EXPORT)
    document = GeneratedDocument.objects.get()
    content = client.get(reverse("document_download", args=[document.pk])).content.decode()
    assert "19811218-9876" not in content

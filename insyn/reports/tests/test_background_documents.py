"""Report PDFs built by the background worker (core.documents, issue 11 and issue 16 item 6):
ordered when large, built by the django-tasks job, shown with progress, downloaded only by
the person who ordered them while they may still read the report; failures in Swedish."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.tests.factories import UserFactory
from insyn.core import documents
from insyn.core.documents import Built
from insyn.core.models import GeneratedDocument
from insyn.registry.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _background(settings, tmp_path):
    """Every document of at least one row goes to the worker, which runs at once (django-
    tasks' immediate backend: the real job function, enqueued after the commit)."""
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 1}}
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path


def _order(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert response.url == document.get_absolute_url()
    document.refresh_from_db()
    return document


def test_annual_pdf_is_built_by_the_worker_and_downloaded_by_its_orderer(
    client, controller, django_capture_on_commit_callbacks
):
    UnitFactory()
    client.force_login(controller)
    document = _order(
        client,
        reverse("reports:annual_report_pdf") + "?year=2025&org_unit=",
        django_capture_on_commit_callbacks,
    )
    assert document.status == GeneratedDocument.Status.DONE and document.progress == 100
    assert document.title == "Årsrapport 2025"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Dokumentet är klart." in page and "every 2s" not in page
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="arsrapport-2025.pdf"' in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF")

    # Another controller, who may read the same report, still gets nothing: 404.
    client.force_login(UserFactory(controller=True))
    for name in ("document_detail", "document_status", "document_download"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404


def test_council_pdf_goes_to_the_worker_too(client, controller, django_capture_on_commit_callbacks):
    from insyn.registry.tests.factories import ContractFactory

    ContractFactory()
    client.force_login(controller)
    document = _order(
        client,
        reverse("reports:council_report_pdf") + "?year=2025",
        django_capture_on_commit_callbacks,
    )
    assert document.status == GeneratedDocument.Status.DONE
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.content.startswith(b"%PDF")
    assert 'filename="strategiska-avtal-2025.pdf"' in download["Content-Disposition"]


def test_a_small_report_stays_synchronous(client, controller, settings):
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 2000}}
    UnitFactory()
    client.force_login(controller)
    response = client.get(reverse("reports:annual_report_pdf") + "?year=2025&org_unit=")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not GeneratedDocument.objects.exists()


def test_a_queued_document_shows_its_progress_and_polls(client, controller, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(controller)
    document = documents.request_document(
        controller, "reports.council_pdf", "Rapport om strategiska avtal 2025", {"year": 2025}
    )
    # Ordering again while the first is still in the queue is the same order.
    again = documents.request_document(
        controller, "reports.council_pdf", "Rapport om strategiska avtal 2025", {"year": 2025}
    )
    assert again.pk == document.pk
    fragment = client.get(reverse("document_status", args=[document.pk])).content.decode()
    assert "I kö: 0 % klart." in fragment
    assert f'data-hx-get="{reverse("document_status", args=[document.pk])}"' in fragment
    assert 'data-hx-trigger="every 2s"' in fragment
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def broken(user, params, progress):
    progress(40)
    raise ValueError("diagram utan värden")


@pytest.fixture
def broken_kind():
    documents.register("test.broken", build=broken, allowed=lambda user, params: True)
    yield "test.broken"
    documents.KINDS.pop("test.broken", None)


def test_a_failing_build_is_shown_in_swedish(client, controller, settings, broken_kind):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    document = documents.request_document(controller, broken_kind, "Trasig", {})
    documents.run(document.pk)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert document.error == (
        "Dokumentet kunde inte skapas. Försök igen om en stund; kvarstår felet, kontakta "
        f"systemförvaltningen och ange dokumentets nummer {document.pk}."
    )
    client.force_login(controller)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Dokumentet kunde inte skapas." in page and "every 2s" not in page
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_losing_the_right_to_the_report_closes_the_order_and_the_download(
    client, django_capture_on_commit_callbacks, settings
):
    from insyn.accounts.constants import Role

    user = UserFactory(controller=True)
    UnitFactory()
    client.force_login(user)
    url = reverse("reports:annual_report_pdf") + "?year=2025&org_unit="
    document = _order(client, url, django_capture_on_commit_callbacks)
    assert document.status == GeneratedDocument.Status.DONE
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 200
    # Now a case worker, who may not read the annual report: the file is no longer theirs.
    user.role = Role.CASE_WORKER
    user.save()
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404

    # An order whose right is gone before the worker gets to it is not built.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = GeneratedDocument.objects.create(
        requested_by=user,
        kind="reports.annual_pdf",
        title="Årsrapport 2025",
        params={"year": 2025, "org_unit": None},
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    documents.run(queued.pk)
    queued.refresh_from_db()
    assert queued.status == GeneratedDocument.Status.FAILED
    assert queued.error == documents.GONE_MESSAGE
    assert not queued.file


def test_the_nightly_job_removes_expired_documents_and_their_files(
    client, controller, django_capture_on_commit_callbacks, tmp_path
):
    UnitFactory()
    client.force_login(controller)
    old = _order(
        client,
        reverse("reports:annual_report_pdf") + "?year=2025&org_unit=",
        django_capture_on_commit_callbacks,
    )
    path = tmp_path / old.file.name
    assert path.exists()
    GeneratedDocument.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    fresh = GeneratedDocument.objects.create(
        requested_by=controller,
        kind="reports.council_pdf",
        title="Ny",
        params={"year": 2025},
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    call_command("delete_expired_documents")
    assert list(GeneratedDocument.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not path.exists()


def test_the_worker_job_is_the_registered_task():
    # `manage.py db_worker` runs what was enqueued: the job must be a django-tasks task.
    from insyn.core.documents import build_document

    assert build_document.name == "build_document"
    assert isinstance(Built(b"x", "a.pdf", "application/pdf").content, bytes)


@pytest.mark.outside_check
def test_every_state_of_the_document_page_is_valid_html(client, controller, settings, tmp_path):
    # The permission matrix's page check sees only a finished document; the queued page
    # (progress bar, polling) and the failed one are checked here with the same vnu.
    from tests.test_html_validity import dangling_references, vnu_errors

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(controller)
    document = documents.request_document(
        controller, "reports.council_pdf", "Rapport om strategiska avtal 2025", {"year": 2025}
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    for status in ("queued", "running", "failed"):
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=status, progress=40, error="Dokumentet kunde inte skapas."
        )
        page = client.get(document.get_absolute_url()).content
        (folder / f"{status}.html").write_bytes(page)
        assert dangling_references(page.decode()) == [], status
    assert vnu_errors(folder) == {}

"""Browser journey: a report PDF ordered from the worker; the page follows its progress by
itself (htmx polling) and offers the download when the worker is done."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from insyn.accounts.tests.factories import UserFactory
from insyn.core import documents
from insyn.core.models import GeneratedDocument
from insyn.registry.tests.factories import ContractFactory


def test_the_document_page_follows_the_worker_and_offers_the_file(
    page, live_server, login, settings, tmp_path, axe_violations, htmlcs_errors
):
    # The database queue keeps the order until this test plays the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 1}}
    ContractFactory()
    user = UserFactory(controller=True)
    login(page, live_server, user)
    page.goto(live_server.url + reverse("reports:council_report") + "?year=2025")
    page.get_by_role("link", name="Ladda ned som PDF").click()
    page.wait_for_url("**/dokument/*/")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*I kö: 0 % klart\."))
    assert axe_violations(page) == []
    assert htmlcs_errors(page) == []

    documents.run(GeneratedDocument.objects.get().pk)
    link = page.get_by_role("link", name="Ladda ner strategiska-avtal-2025.pdf")
    link.wait_for(timeout=8000)  # the fragment polls every 2 s
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "strategiska-avtal-2025.pdf"

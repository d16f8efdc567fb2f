"""Provider documents: the required-documents rule against hand-computed dates, uploads in the
portal and on the provider page checked by their bytes, the iXBRL annual report feeding the
parser, removal with history, and that another provider never sees them (pages and API)."""

import datetime as dt
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.tests.factories import ContractFactory, ProviderFactory
from insyn.suppliers.constants import DocumentType
from insyn.suppliers.documents import document_gaps
from insyn.suppliers.models import AnnualReport, ProviderDocument

K2 = (Path(__file__).parent / "data" / "k2_2025.xhtml").read_bytes()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date(2026, 12, 2)
REQUIRED = {"insurance": 12, "quality_report": 15}


def _doc(doc_type, period_end=None, expires_on=None, created=dt.date(2026, 1, 10), removed=False):
    return SimpleNamespace(
        doc_type=doc_type,
        period_end=period_end,
        expires_on=expires_on,
        created_at=dt.datetime(created.year, created.month, created.day, 12, tzinfo=dt.UTC),
        removed_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC) if removed else None,
    )


def _file(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


# --- the rule -------------------------------------------------------------------------------


def test_nothing_on_file_means_every_required_document_is_missing():
    gaps = document_gaps([], TODAY, REQUIRED)
    assert [str(g) for g in gaps] == [
        "Försäkringsbevis: saknas",
        "Kvalitetsberättelse / kvalitetsrapport: saknas",
    ]


def test_expired_and_too_old_documents_are_gaps_and_current_ones_are_not():
    documents = [
        # Valid to 2026-11-30: gone two days ago.
        _doc("insurance", expires_on=dt.date(2026, 11, 30)),
        # Covers 2024: 2024-12-31 is before 2025-09-02 (15 months back), too old.
        _doc("quality_report", period_end=dt.date(2024, 12, 31)),
    ]
    assert [str(g) for g in document_gaps(documents, TODAY, REQUIRED)] == [
        "Försäkringsbevis: gick ut 2026-11-30",
        "Kvalitetsberättelse / kvalitetsrapport: senaste avser 2024-12-31 (äldre än 15 månader)",
    ]
    documents += [
        # Valid to today: still counts (expires at the end of the day).
        _doc("insurance", expires_on=TODAY),
        # No period: the upload date counts, 2025-09-10 is within 15 months.
        _doc("quality_report", created=dt.date(2025, 9, 10)),
    ]
    assert document_gaps(documents, TODAY, REQUIRED) == []


def test_a_removed_document_does_not_count():
    documents = [_doc("insurance", expires_on=dt.date(2027, 6, 30), removed=True)]
    assert [g.reason for g in document_gaps(documents, TODAY, {"insurance": 12})] == ["saknas"]


# --- uploads --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_provider_uploads_in_the_portal_and_downloads_it_as_an_attachment(client):
    provider = ProviderFactory()
    user = UserFactory(provider_user=True, provider=provider)
    client.force_login(user)
    url = reverse("suppliers_portal:documents")
    response = client.post(
        url,
        {
            "doc_type": DocumentType.INSURANCE,
            "title": "Försäkringsbrev 2027",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "expires_on": "2027-12-31",
            "file": _file(PDF, "forsakring.pdf"),
        },
        follow=True,
    )
    assert "Tack! Dokumentet är uppladdat." in response.content.decode()
    document = ProviderDocument.objects.get(provider=provider)
    assert (document.content_type, document.expires_on) == (
        "application/pdf",
        dt.date(2027, 12, 31),
    )
    assert not document.file.name.endswith("forsakring.pdf")  # a name nobody can guess
    download = client.get(reverse("suppliers_portal:document_download", args=[document.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="forsakring.pdf"')
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize("doc_type", [DocumentType.QUALITY_REPORT, DocumentType.ANNUAL_REPORT])
@pytest.mark.parametrize(
    "content",
    [
        b"<!doctype html><html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_html_or_svg_renamed_pdf_is_refused_and_nothing_is_stored(
    client, controller, doc_type, content
):
    provider = ProviderFactory()
    client.force_login(controller)
    url = reverse("suppliers:provider_documents", args=[provider.pk])
    response = client.post(
        url, {"doc_type": doc_type, "file": _file(content, "rapport.pdf")}, follow=True
    )
    html = response.content.decode()
    assert "rapport.pdf" in html and ("filtyp som inte tas emot" in html or "iXBRL" in html)
    assert not ProviderDocument.objects.exists()


@pytest.mark.django_db
def test_a_document_over_the_size_limit_is_refused(client, controller, settings):
    settings.INSYN = {**settings.INSYN, "DOCUMENT_MAX_BYTES": 1024}
    provider = ProviderFactory()
    client.force_login(controller)
    response = client.post(
        reverse("suppliers:provider_documents", args=[provider.pk]),
        {"doc_type": DocumentType.OTHER, "file": _file(PDF + b"0" * 2048, "stor.pdf")},
        follow=True,
    )
    assert "Filen stor.pdf är för stor" in response.content.decode()
    assert not ProviderDocument.objects.exists()


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_zip([("../../etc/ar.xhtml", K2)]), "ZIP"),
        (_zip([("ar.xhtml", b"<html>" + b" " * 3_000_000 + b"</html>")]), "orimligt mycket"),
    ],
    ids=["path-traversal", "decompression-bomb"],
)
def test_zip_with_traversal_or_bomb_is_refused(client, controller, content, message):
    provider = ProviderFactory(org_number="556036-0793")
    client.force_login(controller)
    response = client.post(
        reverse("suppliers:provider_documents", args=[provider.pk]),
        {"doc_type": DocumentType.ANNUAL_REPORT, "file": _file(content, "ar.zip")},
        follow=True,
    )
    assert message in response.content.decode()
    assert not ProviderDocument.objects.exists() and not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_a_plain_zip_is_refused_as_a_quality_report(client, controller):
    provider = ProviderFactory()
    client.force_login(controller)
    response = client.post(
        reverse("suppliers:provider_documents", args=[provider.pk]),
        {"doc_type": DocumentType.QUALITY_REPORT, "file": _file(_zip([("a.txt", b"x")]), "k.zip")},
        follow=True,
    )
    assert "filtyp som inte tas emot" in response.content.decode()
    assert not ProviderDocument.objects.exists()


@pytest.mark.django_db
def test_an_ixbrl_annual_report_feeds_the_key_figures(client):
    provider = ProviderFactory(org_number="556036-0793")
    client.force_login(UserFactory(provider_user=True, provider=provider))
    response = client.post(
        reverse("suppliers_portal:documents"),
        {"doc_type": DocumentType.ANNUAL_REPORT, "file": _file(_zip([("ar.xhtml", K2)]), "ar.zip")},
        follow=True,
    )
    assert "Tack! Dokumentet är uppladdat." in response.content.decode()
    document = ProviderDocument.objects.get()
    report = AnnualReport.objects.get(provider=provider)
    assert document.annual_report == report and report.origin == "ixbrl"
    assert (document.period_start, document.period_end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    # Another organisation's report is refused and stores nothing.
    other = ProviderFactory()
    client.force_login(UserFactory(provider_user=True, provider=other))
    response = client.post(
        reverse("suppliers_portal:documents"),
        {"doc_type": DocumentType.ANNUAL_REPORT, "file": _file(K2, "ar.xhtml")},
        follow=True,
    )
    assert "inget sparades" in response.content.decode()
    assert ProviderDocument.objects.count() == 1 and AnnualReport.objects.count() == 1


# --- removal, history and who sees what -----------------------------------------------------


def _stored(provider, **fields):
    return ProviderDocument.objects.create(
        provider=provider,
        doc_type=fields.pop("doc_type", DocumentType.INSURANCE),
        original_name="forsakring.pdf",
        content_type="application/pdf",
        file=ContentFile(PDF, name="forsakring.pdf"),
        **fields,
    )


@pytest.mark.django_db
def test_removal_asks_first_deletes_the_file_and_keeps_the_history(client, controller):
    provider = ProviderFactory()
    document = _stored(provider)
    storage, name = document.file.storage, document.file.name
    client.force_login(controller)
    url = reverse("suppliers:provider_document_remove", args=[provider.pk, document.pk])
    confirm = client.post(url)
    assert "Ta bort dokumentet" in confirm.content.decode()
    assert ProviderDocument.objects.get().removed_at is None
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"confirmed": "1"})
    document.refresh_from_db()
    assert document.removed_by == controller and document.removed_at is not None
    assert not storage.exists(name)
    page = client.get(reverse("suppliers:provider_documents", args=[provider.pk])).content.decode()
    assert "Borttagna dokument" in page and "av" in page
    download = reverse("suppliers:provider_document_download", args=[provider.pk, document.pk])
    assert client.get(download).status_code == 404
    assert LogEntry.objects.get_for_object(document).count() == 2  # upload and removal


@pytest.mark.django_db
def test_another_provider_never_sees_a_providers_documents(client):
    own, other = ProviderFactory(), ProviderFactory()
    document = _stored(own, title="Hemligt försäkringsbrev")
    client.force_login(UserFactory(provider_user=True, provider=other))
    assert (
        client.get(reverse("suppliers_portal:document_download", args=[document.pk])).status_code
        == 404
    )
    page = client.get(reverse("suppliers_portal:documents")).content.decode()
    assert "Hemligt försäkringsbrev" not in page
    assert client.get(f"/api/v1/provider-documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/v1/provider-documents/{document.pk}/download/").status_code == 404
    assert client.get("/api/v1/provider-documents/").json()["results"] == []
    # The own provider's users see it, in the API too.
    client.force_login(UserFactory(provider_user=True, provider=own))
    listed = client.get("/api/v1/provider-documents/").json()["results"]
    assert [row["title"] for row in listed] == ["Hemligt försäkringsbrev"]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False)
def test_start_pages_show_missing_and_expired_documents(
    client, controller, django_assert_max_num_queries
):
    provider = ProviderFactory(name="Solgläntan Omsorg AB")
    ContractFactory(provider=provider, start_date=dt.date(2025, 1, 1), end_date=None)
    _stored(provider, expires_on=dt.date(2026, 11, 30))
    for _ in range(5):  # more providers, the same number of queries
        ContractFactory(provider=ProviderFactory(), start_date=dt.date(2025, 1, 1), end_date=None)
    client.force_login(controller)
    with django_assert_max_num_queries(60):
        html = client.get("/").content.decode()
    assert "Utförardokument som saknas eller har gått ut" in html
    assert "Försäkringsbevis: gick ut 2026-11-30" in html
    client.force_login(UserFactory(provider_user=True, provider=provider))
    html = client.get("/portal/").content.decode()
    assert "Försäkringsbevis: gick ut 2026-11-30" in html
    assert "Kvalitetsberättelse / kvalitetsrapport: saknas" in html


# --- the rule in the database (the start page over thousands of providers) -----------------

UTC = dt.UTC
RULE_CASES = {
    "nothing": [],
    "both current": [
        {"doc_type": "insurance", "expires_on": dt.date(2027, 1, 31)},
        {"doc_type": "quality_report", "period_end": dt.date(2025, 12, 31)},
    ],
    "insurance expired yesterday": [
        {"doc_type": "insurance", "expires_on": dt.date(2026, 12, 1)},
        {"doc_type": "quality_report", "period_end": dt.date(2025, 12, 31)},
    ],
    "insurance valid to today": [
        {"doc_type": "insurance", "expires_on": TODAY},
        {"doc_type": "quality_report", "period_end": dt.date(2025, 12, 31)},
    ],
    "only a removed insurance": [
        {"doc_type": "insurance", "expires_on": dt.date(2027, 1, 31), "removed": True},
        {"doc_type": "quality_report", "period_end": dt.date(2025, 12, 31)},
    ],
    "quality report too old": [
        {"doc_type": "insurance"},
        {"doc_type": "quality_report", "period_end": dt.date(2024, 12, 31)},
    ],
    # No period: the upload's day in Stockholm counts. 15 months back from 2026-12-02 is
    # 2025-09-02; 23:30 UTC on 2025-09-01 is 01:30 on the 2nd in Stockholm: in time.
    "uploaded just in time": [
        {"doc_type": "insurance"},
        {"doc_type": "quality_report", "created": dt.datetime(2025, 9, 1, 23, 30, tzinfo=UTC)},
    ],
    # 21:00 UTC is 23:00 on the 1st in Stockholm: a day too old.
    "uploaded a day too early": [
        {"doc_type": "insurance"},
        {"doc_type": "quality_report", "created": dt.datetime(2025, 9, 1, 21, 0, tzinfo=UTC)},
    ],
    "an old and a new quality report": [
        {"doc_type": "insurance"},
        {"doc_type": "quality_report", "period_end": dt.date(2023, 12, 31)},
        {"doc_type": "quality_report", "period_end": dt.date(2025, 12, 31)},
    ],
    "a new report, but expired": [
        {"doc_type": "insurance"},
        {
            "doc_type": "quality_report",
            "period_end": dt.date(2025, 12, 31),
            "expires_on": dt.date(2026, 6, 30),
        },
    ],
}


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), tick=False)
def test_the_database_finds_exactly_the_providers_the_rule_finds():
    from insyn.registry.models import Provider
    from insyn.suppliers.documents import without_gaps

    lacking = {}
    for name, documents in RULE_CASES.items():
        provider = ProviderFactory(name=name)
        for fields in documents:
            fields = dict(fields)
            created = fields.pop("created", dt.datetime(2026, 1, 10, 12, tzinfo=UTC))
            removed = fields.pop("removed", False)
            stored = _stored(provider, **fields)
            ProviderDocument.objects.filter(pk=stored.pk).update(
                created_at=created, removed_at=created if removed else None
            )
        kept = ProviderDocument.objects.filter(provider=provider)
        lacking[name] = bool(document_gaps(list(kept), TODAY, REQUIRED))
    found = set(
        Provider.objects.exclude(without_gaps(TODAY, REQUIRED)).values_list("name", flat=True)
    )
    assert found == {name for name, has_gaps in lacking.items() if has_gaps}
    # The hand-worked answers, so the two cannot agree by being wrong together.
    assert found == {
        "nothing",
        "insurance expired yesterday",
        "only a removed insurance",
        "quality report too old",
        "uploaded a day too early",
        "a new report, but expired",
    }

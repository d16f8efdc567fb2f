"""Bulk import of digital annual reports: upload, preview row per file, all-or-nothing store.

The reports are the real-format K2 fixture (data/k2_2025.xhtml) with the organisation
number changed; its figures (tkr, scale 3): net sales 12 480 000, the year's result
−295 000, equity 256 000 of total assets 3 200 000 → equity ratio 8,0 % < 10 %, a warning
sign, so every stored provider's annual-report check turns WARNING.
"""

import datetime as dt
import io
import os
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.tests.factories import ProviderFactory
from insyn.suppliers import bulk_reports
from insyn.suppliers.models import AnnualReport, SupplierCheck
from insyn.suppliers.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db

K2 = (Path(__file__).parent / "data" / "k2_2025.xhtml").read_bytes()
FIXTURE_ORG = "556036-0793"
OTHER_ORGS = ("212000-0142", "556016-0680")
UPLOAD = reverse("suppliers:report_import")
CONFIRM = reverse("suppliers:report_import_confirm")


def report_for(org: str) -> bytes:
    """The fixture report with its organisation number (and the contexts' identifiers)
    changed to `org`."""
    return K2.replace(FIXTURE_ORG.encode(), org.encode()).replace(
        FIXTURE_ORG.replace("-", "").encode(), org.replace("-", "").encode()
    )


def zip_of(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def three_providers():
    return [ProviderFactory(org_number=org) for org in (FIXTURE_ORG, *OTHER_ORGS)]


def _preview(client, *files):
    response = client.post(UPLOAD, {"files": list(files)})
    assert response.status_code == 200
    return response


def _token(response) -> str:
    return response.context["token"]


def test_zip_of_three_reports_is_previewed_then_stored_for_three_providers(
    client, controller, three_providers, django_capture_on_commit_callbacks
):
    archive = zip_of(
        [
            ("a.xhtml", report_for(FIXTURE_ORG)),
            ("mapp/b.html", report_for(OTHER_ORGS[0])),
            # As Bolagsverket delivers one report: a ZIP holding it.
            ("c.zip", zip_of([("arsredovisning.xhtml", report_for(OTHER_ORGS[1]))])),
        ]
    )
    client.force_login(controller)
    response = _preview(client, upload("arsredovisningar.zip", archive))
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "Förhandsgranskning: 3 årsredovisningar" in html
    assert html.count("12 480 000") == 3 and html.count("256 000") == 3
    assert ">Importera</button>" in html
    assert not AnnualReport.objects.exists()  # the preview stores nothing

    token = _token(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "Importen är klar: 3 årsredovisningar är sparade." in response.content.decode()
    reports = AnnualReport.objects.order_by("provider__org_number")
    assert [r.provider.org_number for r in reports] == sorted(p.org_number for p in three_providers)
    for report in reports:
        assert report.origin == "import"
        assert report.period_start == dt.date(2025, 1, 1)
        assert report.period_end == dt.date(2025, 12, 31)
        assert (report.net_sales, report.equity) == (Decimal(12_480_000), Decimal(256_000))
        assert report.equity_ratio == Decimal("8.0")
    checks = SupplierCheck.objects.filter(kind="annual_report")
    assert {c.result for c in checks} == {"warning"} and checks.count() == 3
    assert {c.source for c in checks} == {"Filimport"}
    # History as for a single upload: who stored each year's figures.
    history = LogEntry.objects.get_for_model(AnnualReport)
    assert sorted(e.object_pk for e in history) == sorted(str(r.pk) for r in reports)
    assert {e.actor for e in history} == {controller}
    # The kept upload is gone after the import: the same token cannot import twice.
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "Förhandsgranskningen är ogiltig eller för gammal" in response.content.decode()
    assert AnnualReport.objects.count() == 3


def test_several_xhtml_files_from_one_input_are_stored(
    client, controller, three_providers, django_capture_on_commit_callbacks
):
    client.force_login(controller)
    response = _preview(
        client,
        upload("a.xhtml", report_for(FIXTURE_ORG)),
        upload("b.zip", zip_of([("ar.xhtml", report_for(OTHER_ORGS[0]))])),
    )
    assert [row.name for row in response.context["preview"].rows] == ["a.xhtml", "b.zip"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"token": _token(response)})
    assert AnnualReport.objects.count() == 2


def test_one_unknown_org_number_stores_nothing_and_names_the_file(
    client, controller, three_providers
):
    archive = zip_of(
        [
            ("a.xhtml", report_for(FIXTURE_ORG)),
            ("okand.xhtml", report_for("556000-4615")),
        ]
    )
    client.force_login(controller)
    response = _preview(client, upload("ar.zip", archive))
    html = response.content.decode()
    rows = response.context["preview"].rows
    assert [(r.name, bool(r.error)) for r in rows] == [("a.xhtml", False), ("okand.xhtml", True)]
    assert "Ingen utförare i registret har organisationsnummer 556000-4615" in rows[1].error
    assert "1 av 2 filer har fel – ingenting har sparats" in html
    assert ">Importera</button>" not in html and response.context["token"] == ""
    assert not AnnualReport.objects.exists()


def test_malformed_file_is_a_row_with_the_parsers_message(client, controller, three_providers):
    archive = zip_of([("a.xhtml", report_for(FIXTURE_ORG)), ("trasig.xhtml", K2[: len(K2) // 3])])
    client.force_login(controller)
    rows = _preview(client, upload("ar.zip", archive)).context["preview"].rows
    assert rows[0].error == ""
    assert rows[1].name == "trasig.xhtml"
    assert "skadad eller ofullständig" in rows[1].error or "inga siffror" in rows[1].error
    assert not AnnualReport.objects.exists()


def test_other_file_types_in_the_zip_are_errors_and_macos_copies_are_skipped(
    three_providers, controller
):
    archive = zip_of(
        [
            ("a.xhtml", report_for(FIXTURE_ORG)),
            ("__MACOSX/._a.xhtml", b"\x00\x05"),
            ("mapp/", b""),
            ("brev.pdf", b"%PDF-1.4"),
        ]
    )
    rows = bulk_reports.preview(archive, controller).rows
    assert [r.name for r in rows] == ["a.xhtml", "brev.pdf"]
    assert "inte en digital årsredovisning" in rows[1].error


def test_path_traversal_entry_is_refused_by_name(client, controller, three_providers):
    archive = zip_of(
        [("a.xhtml", report_for(FIXTURE_ORG)), ("../../etc/b.xhtml", report_for(OTHER_ORGS[0]))]
    )
    client.force_login(controller)
    rows = _preview(client, upload("ar.zip", archive)).context["preview"].rows
    assert rows[1].name == "../../etc/b.xhtml"
    assert "otillåtet filnamn (../../etc/b.xhtml)" in rows[1].error
    assert rows[1].parsed is None
    assert not AnnualReport.objects.exists()


def test_too_many_entries_refuse_the_whole_zip(client, controller, three_providers, settings):
    settings.INSYN = {**settings.INSYN, "SUPPLIERS": {"REPORT_IMPORT": {"max_files": 2}}}
    archive = zip_of([(f"{n}.xhtml", report_for(FIXTURE_ORG)) for n in range(3)])
    client.force_login(controller)
    response = _preview(client, upload("ar.zip", archive))
    assert "ZIP-filen innehåller 3 filer; högst 2 årsredovisningar per import" in (
        response.content.decode()
    )
    assert "preview" not in response.context
    assert not AnnualReport.objects.exists()


def test_too_many_files_from_the_input_are_refused(controller, settings):
    settings.INSYN = {**settings.INSYN, "SUPPLIERS": {"REPORT_IMPORT": {"max_files": 2}}}
    files = [upload(f"{n}.xhtml", b"x") for n in range(3)]
    with pytest.raises(bulk_reports.ImportRefused, match="Du valde 3 filer; högst 2"):
        bulk_reports.preview_upload(files, controller)


def test_zip_unpacking_to_too_much_is_refused(controller, settings):
    # Each copy of the report unpacks to len(K2) bytes; allow less than two copies.
    settings.INSYN = {
        **settings.INSYN,
        "SUPPLIERS": {"REPORT_IMPORT": {"max_unpacked_bytes": len(K2) + 1}},
    }
    archive = zip_of([("a.xhtml", K2), ("b.xhtml", K2)])
    with pytest.raises(bulk_reports.ImportRefused, match="ZIP-filen packas upp till"):
        bulk_reports.preview(archive, controller)


def test_decompression_bomb_entry_is_a_row_error(controller, three_providers):
    archive = zip_of([("bomb.xhtml", b"<html>" + b" " * 5_000_000 + b"</html>")])
    (row,) = bulk_reports.preview(archive, controller).rows
    assert "orimligt mycket data (bomb.xhtml)" in row.error


def test_broken_zip_is_refused(controller):
    with pytest.raises(bulk_reports.ImportRefused, match="skadad och kan inte öppnas"):
        bulk_reports.preview(b"PK\x03\x04 inte en zip", controller)


def test_two_files_for_the_same_provider_and_year_are_both_errors(
    client, controller, three_providers
):
    archive = zip_of(
        [
            ("a.xhtml", report_for(FIXTURE_ORG)),
            ("a-kopia.xhtml", report_for(FIXTURE_ORG)),
            ("b.xhtml", report_for(OTHER_ORGS[0])),
        ]
    )
    client.force_login(controller)
    response = _preview(client, upload("ar.zip", archive))
    rows = response.context["preview"].rows
    assert [bool(r.error) for r in rows] == [True, True, False]
    assert "2 filer gäller" in rows[0].error and "(a.xhtml, a-kopia.xhtml)" in rows[0].error
    assert ">Importera</button>" not in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_figures_already_stored_for_the_year_are_replaced_and_said_so(
    client, controller, three_providers, django_capture_on_commit_callbacks
):
    AnnualReportFactory(provider=three_providers[0], equity=Decimal(1))
    client.force_login(controller)
    response = _preview(client, upload("a.xhtml", report_for(FIXTURE_ORG)))
    assert "Ersätter sparade nyckeltal för räkenskapsåret." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONFIRM, {"token": _token(response)})
    report = AnnualReport.objects.get()
    assert (report.equity, report.origin) == (Decimal(256_000), "import")


@pytest.mark.parametrize("role", ["case_worker", "provider_user"])
def test_case_worker_and_provider_user_are_refused(client, request, role, three_providers):
    user = request.getfixturevalue(role)
    client.force_login(user)
    archive = zip_of([("a.xhtml", report_for(FIXTURE_ORG))])
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": [upload("ar.zip", archive)]}).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not AnnualReport.objects.exists()


def test_tampered_token_is_refused(client, controller, three_providers):
    client.force_login(controller)
    response = _preview(client, upload("a.xhtml", report_for(FIXTURE_ORG)))
    token = _token(response)
    payload, _, signature = token.partition(":")
    forged = signing.dumps({"file": "report-imports/" + "0" * 32 + ".zip", "user": controller.pk})
    for bad in (token[:-2] + "xx", payload + "y:" + signature, forged, ""):
        response = client.post(CONFIRM, {"token": bad}, follow=True)
        assert "Förhandsgranskningen är ogiltig eller för gammal" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_another_users_token_is_refused(client, controller, three_providers):
    client.force_login(controller)
    token = _token(_preview(client, upload("a.xhtml", report_for(FIXTURE_ORG))))
    colleague = UserFactory(controller=True, username="colleague")
    client.force_login(colleague)
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "Förhandsgranskningen är ogiltig eller för gammal" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_register_changed_after_the_preview_stores_nothing(client, controller, three_providers):
    client.force_login(controller)
    response = _preview(
        client,
        upload("a.xhtml", report_for(FIXTURE_ORG)),
        upload("b.xhtml", report_for(OTHER_ORGS[0])),
    )
    three_providers[1].soft_delete()
    response = client.post(CONFIRM, {"token": _token(response)})
    html = response.content.decode()
    assert "registret har ändrats sedan förhandsgranskningen" in html
    assert "Ingen utförare i registret har organisationsnummer 212000-0142" in html
    assert not AnnualReport.objects.exists()


def test_store_refuses_a_preview_with_errors(controller, three_providers):
    checked = bulk_reports.preview(zip_of([("x.pdf", b"%PDF")]), controller)
    with pytest.raises(bulk_reports.ImportRefused, match="1 fel; inget sparades"):
        bulk_reports.store(checked, controller)


def test_a_failing_store_rolls_back_every_report(controller, three_providers, monkeypatch):
    archive = zip_of([("a.xhtml", report_for(FIXTURE_ORG)), ("b.xhtml", report_for(OTHER_ORGS[0]))])
    checked = bulk_reports.preview(archive, controller)
    real = bulk_reports.services.store_report
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk_reports.services, "store_report", second_fails)
    with pytest.raises(RuntimeError):
        bulk_reports.store(checked, controller)
    assert not AnnualReport.objects.exists()


def test_empty_post_says_the_files_are_missing(client, controller):
    client.force_login(controller)
    response = client.post(UPLOAD, {})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["Välj en eller flera filer att importera."]
    assert "Högst 100 filer åt gången; har du fler, lägg dem i en ZIP-fil." in (
        response.content.decode()
    )


def test_an_expired_preview_is_refused(client, controller, three_providers, settings):
    client.force_login(controller)
    token = _token(_preview(client, upload("a.xhtml", report_for(FIXTURE_ORG))))
    settings.INSYN = {**settings.INSYN, "SUPPLIERS": {"REPORT_IMPORT": {"keep_seconds": -1}}}
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "Förhandsgranskningen är ogiltig eller för gammal" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_uploads_never_imported_are_swept_at_the_next_preview(controller):
    first = signing.loads(bulk_reports.keep(b"PK first", controller), salt=bulk_reports._SALT)
    old = time.time() - 3 * 60 * 60  # older than keep_seconds (2 h)
    os.utime(default_storage.path(first["file"]), (old, old))
    second = signing.loads(bulk_reports.keep(b"PK second", controller), salt=bulk_reports._SALT)
    assert not default_storage.exists(first["file"])
    assert default_storage.exists(second["file"])

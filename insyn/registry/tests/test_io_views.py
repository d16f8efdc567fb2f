"""Import and export pages: permissions, preview then confirm, templates, filtered exports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from insyn.registry.io.constants import ImportStatus
from insyn.registry.models import ImportBatch, Provider, Unit
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory
from insyn.registry.tests.test_io_support import csv_bytes, unit_row

pytestmark = pytest.mark.django_db


def upload(client, data, name="register.csv"):
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, data)})


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_import_page_has_labelled_file_input_and_preview_button(client, controller):
    client.force_login(controller)
    body = client.get(reverse("registry:import")).content.decode()
    assert '<label for="id_file">Fil' in body
    assert ">Förhandsgranska</button>" in body


@pytest.mark.parametrize("who", ["case_worker", "provider_user"])
def test_only_register_editors_may_import(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("registry:import")).status_code == 403
    response = upload(client, csv_bytes([unit_row()]))
    assert response.status_code == 403
    assert client.get(reverse("registry:import_template")).status_code == 403
    assert not Provider.objects.filter(name="Omsorg i Väst AB").exists()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("registry:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_preview_then_confirm_stores_everything(client, controller):
    client.force_login(controller)
    response = upload(client, csv_bytes([unit_row(), unit_row(Verksamhet="Majorna HVB")]))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("registry:import_preview", args=[batch.pk])
    assert not Provider.objects.filter(name="Omsorg i Väst AB").exists()
    preview = client.get(response["Location"]).content.decode()
    assert ">Importera</button>" in preview
    assert batch.counts["units"]["created"] == 2
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    assert "Importen är klar: 1 ny utförare, 2 nya verksamheter." in response.content.decode()
    assert Unit.objects.filter(provider__name="Omsorg i Väst AB").count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert batch.created_by == controller


def test_confirming_twice_does_not_duplicate(client, controller):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row()]))
    batch = ImportBatch.objects.get()
    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    assert "redan importerad" in response.content.decode()
    assert Provider.objects.filter(name="Omsorg i Väst AB").count() == 1


def test_preview_with_errors_shows_report_and_no_import_button(client, controller):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row(Kategori="<script>alert(1)</script>")]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED
    body = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()
    assert "Importera</button>" not in body
    assert "Kategori" in body and "Okänd kategori" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert not Provider.objects.filter(name="Omsorg i Väst AB").exists()


def test_malformed_xlsx_upload_gives_a_report_not_a_500(client, controller):
    client.force_login(controller)
    response = upload(client, b"PK\x03\x04garbage", name="trasig.xlsx")
    body = client.get(response["Location"]).content.decode()
    assert "Excel-arbetsbok" in body


def test_too_large_upload_is_refused_with_the_limit(client, controller, settings):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_BYTES": 1024 * 1024}
    client.force_login(controller)
    response = upload(client, b"x" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "Den största fil som kan importeras är 1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_users_import_is_not_found(client, controller, admin_user):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row()]))
    batch = ImportBatch.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("registry:import_preview", args=[batch.pk])).status_code == 404
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert response.status_code == 404
    assert not Provider.objects.filter(name="Omsorg i Väst AB").exists()


def test_imported_html_is_shown_as_text_on_the_provider_page(client, controller):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row(Utförare="<script>alert('x')</script>")]))
    client.post(reverse("registry:import_confirm", args=[ImportBatch.objects.get().pk]))
    provider = Provider.objects.get(org_number=unit_row()["Organisationsnummer"])
    body = client.get(reverse("registry:provider_detail", args=[provider.pk])).content.decode()
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_xlsx_template_has_both_sheets_instructions_and_imports_cleanly(client, controller):
    client.force_login(controller)
    response = client.get(reverse("registry:import_template"))
    data = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Utförare och verksamheter", "Avtal", "Instruktioner"]
    assert workbook["Avtal"]["A1"].value == "Avtals-id"
    response = upload(client, data, name="mall.xlsx")
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


@pytest.mark.parametrize(
    ("kind", "first"), [("units", "Organisationsnummer"), ("contracts", "Avtals-id")]
)
def test_csv_templates_have_header_and_example(client, controller, kind, first):
    client.force_login(controller)
    response = client.get(reverse("registry:import_template_csv"), {"kind": kind})
    rows = csv_rows(response)
    assert rows[0][0] == first
    assert len(rows) == 2


def test_unit_csv_template_imports_cleanly(client, controller):
    client.force_login(controller)
    response = client.get(reverse("registry:import_template_csv"), {"kind": "units"})
    data = b"".join(response.streaming_content)
    upload(client, data)
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


# --- export -------------------------------------------------------------------------------

EXPORTS = ["registry:provider_export", "registry:unit_export", "registry:contract_export"]


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_provider_user_cannot_export(client, provider_user, unit, other_unit, name, file_format):
    client.force_login(provider_user)
    assert client.get(reverse(name), {"format": file_format}).status_code == 403


@pytest.mark.parametrize("name", EXPORTS)
def test_municipal_user_exports_xlsx(client, case_worker, unit, name):
    ContractFactory(provider=unit.provider, units=[unit])
    client.force_login(case_worker)
    response = client.get(reverse(name), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2


def test_unknown_export_format_is_not_found(client, controller):
    client.force_login(controller)
    assert client.get(reverse("registry:unit_export"), {"format": "pdf"}).status_code == 404


def test_provider_export_applies_the_list_filters(client, controller, unit, other_unit):
    client.force_login(controller)
    rows = csv_rows(client.get(reverse("registry:provider_export"), {"q": "Egen", "format": "csv"}))
    assert [r[1] for r in rows[1:]] == ["Egen Väg HVB AB"]


def test_unit_export_applies_the_list_filters(client, controller, unit, other_unit):
    other_unit.vacancies = 0
    other_unit.save()
    client.force_login(controller)
    rows = csv_rows(
        client.get(reverse("registry:unit_export"), {"has_vacancies": "true", "format": "csv"})
    )
    assert [r[12] for r in rows[1:]] == ["Egen Väg Hisingen"]


def test_contract_export_applies_the_list_filters(client, controller, provider, other_provider):
    ContractFactory(provider=provider, title="Avtal Egen", contract_type="framework")
    ContractFactory(provider=other_provider, title="Avtal Annan", contract_type="individual")
    client.force_login(controller)
    rows = csv_rows(
        client.get(
            reverse("registry:contract_export"), {"contract_type": "individual", "format": "csv"}
        )
    )
    assert [r[3] for r in rows[1:]] == ["Avtal Annan"]


def test_export_writes_decimal_commas_and_ja_nej(client, controller, unit):
    client.force_login(controller)
    rows = csv_rows(client.get(reverse("registry:unit_export"), {"format": "csv"}))
    header, row = rows
    assert row[header.index("Pris per dygn ramavtal")] == "3500"
    assert row[header.index("Verksamhet aktiv")] == "Ja"


HOSTILE = '=HYPERLINK("http://evil.example","klicka")'


def test_csv_export_escapes_formulas(client, controller):
    provider = ProviderFactory(name=HOSTILE, phone="+46 31 12 34", contact_name="@admin")
    client.force_login(controller)
    rows = csv_rows(client.get(reverse("registry:provider_export"), {"format": "csv"}))
    row = next(r for r in rows if r[0] == provider.org_number)
    assert row[1] == "'" + HOSTILE
    # A phone number is not a formula (issue 11): no visible quote in front of it.
    assert row[8] == "+46 31 12 34"
    assert row[6] == "'@admin"


def test_xlsx_export_writes_formulas_as_plain_text(client, controller):
    ProviderFactory(name=HOSTILE)
    client.force_login(controller)
    response = client.get(reverse("registry:provider_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cell = sheet["B2"]
    assert cell.value == HOSTILE
    assert cell.data_type == "s"


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_rows(
    client, controller, django_assert_max_num_queries, name, file_format
):
    for _ in range(15):
        provider = ProviderFactory()
        units = UnitFactory.create_batch(3, provider=provider)
        contract = ContractFactory(provider=provider, units=units)
        contract.requirements.create(clause="1", text="Krav")
    client.force_login(controller)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name), {"format": file_format})
        b"".join(response.streaming_content)


def test_upload_without_file_asks_for_one(client, controller):
    client.force_login(controller)
    response = client.post(reverse("registry:import"), {})
    assert response.status_code == 200
    assert "Välj en fil att importera." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_provider_user_cannot_reach_an_import_preview(client, controller, provider_user):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row()]))
    batch = ImportBatch.objects.get()
    client.force_login(provider_user)
    assert client.get(reverse("registry:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("registry:import_confirm", args=[batch.pk])).status_code == 404
    response = client.get(reverse("registry:import_template_csv"), {"kind": "units"})
    assert response.status_code == 403


def test_confirm_validates_again_and_stores_nothing_if_the_register_changed(client, controller):
    client.force_login(controller)
    upload(client, csv_bytes([unit_row()]))
    batch = ImportBatch.objects.get()
    ProviderFactory(org_number=unit_row()["Organisationsnummer"]).soft_delete()
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    body = response.content.decode()
    assert "Inget importerades" in body
    assert "borttagen" in body
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED
    assert not Unit.objects.filter(name="Hisingen HVB").exists()


def test_import_page_queries_do_not_grow_with_past_imports(
    client, controller, django_assert_max_num_queries
):
    for n in range(12):
        ImportBatch.objects.create(original_name=f"fil{n}.csv", created_by=controller, file="x")
    client.force_login(controller)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("registry:import")).content.decode()
    assert body.count("<td>Förhandsgranskad</td>") == 10  # the ten latest


def test_report_names_the_file_as_uploaded(client, controller):
    client.force_login(controller)
    for _ in range(2):
        upload(client, csv_bytes([unit_row(Kategori="Okänd")]), name="utforare.csv")
    latest = ImportBatch.objects.order_by("-pk").first()
    assert latest.file.name != "utforare.csv"
    assert latest.report[0]["sheet"] == "utforare.csv"
    assert latest.report[0]["row"] == 2


# --- Large exports go to the worker (core.documents) ----------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_unit_export_is_built_by_the_worker_with_the_same_rows(
    client,
    controller,
    unit,
    other_unit,
    settings,
    tmp_path,
    file_format,
    django_capture_on_commit_callbacks,
):
    from insyn.accounts.tests.factories import UserFactory
    from insyn.core.models import GeneratedDocument

    client.force_login(controller)
    direct = client.get(reverse("registry:unit_export"), {"format": file_format})
    direct_bytes = b"".join(direct.streaming_content)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    settings.INSYN = {**settings.INSYN, "DOCUMENTS": {"BACKGROUND_ROWS": 1}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:unit_export"), {"format": file_format})
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert document.params == {"what": "units", "filters": {}, "format": file_format}
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 200
    if file_format == "csv":
        assert download.content == direct_bytes
    else:
        assert download.content.startswith(b"PK") and len(download.content) > 1000
    client.force_login(UserFactory(controller=True))
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404

import datetime as dt

import pytest

from insyn.registry.tests.factories import ProviderFactory
from insyn.suppliers import importer
from insyn.suppliers.constants import CheckKind, Result, Source
from insyn.suppliers.models import IvoDecision, SupplierCheck

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def solglantan():
    return ProviderFactory(org_number="556036-0793")


def test_tax_file_is_imported(solglantan):
    content = b"organisationsnummer;fskatt;moms;arbetsgivare\n5560360793;nej;ja;ja\n"
    report = importer.import_file(Source.SKATTEVERKET, content, TODAY)
    assert (report.rows, report.providers) == (1, 1)
    check = SupplierCheck.objects.get(provider=solglantan, kind=CheckKind.F_TAX)
    assert (check.result, check.source) == (Result.RED_FLAG, "Filimport (Skatteverket)")


def test_one_bad_row_refuses_the_whole_file(solglantan):
    content = (
        b"organisationsnummer,diarienummer,beslutstyp,beslutsdatum,verksamhet,sammanfattning\n"
        b"556036-0793,1/2026,kritik,2026-02-01,,Dokumentation\n"
        b"556036-0794,2/2026,kritik,2026-02-01,,\n"
        b"556036-0793,3/2026,varning,2026-02-01,,\n"
        b"556036-0793,4/2026,kritik,1 feb,,\n"
        b"212000-0142,5/2026,kritik,2026-02-01,,\n"
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(Source.IVO, content, TODAY)
    assert refused.value.errors == [
        "Rad 3: organisationsnumret ”556036-0794” är ogiltigt.",
        "Rad 4: beslutstyp ”varning” är okänd; använd tillstand, kritik, forelaggande, "
        "vitesforelaggande, aterkallelse.",
        "Rad 5: beslutsdatum ”1 feb” är inget datum (ÅÅÅÅ-MM-DD).",
        "Rad 6: ingen utförare i registret har organisationsnummer 212000-0142.",
    ]
    assert not IvoDecision.objects.exists()
    assert not SupplierCheck.objects.exists()


def test_missing_column_is_named(solglantan):
    content = b"organisationsnummer;status\n5560360793;konkurs\n"
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(Source.BOLAGSVERKET, content, TODAY)
    assert refused.value.errors == ["Kolumnen statusdatum saknas i filen."]


def _xlsx(rows):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_ivo_file_is_imported_with_real_dates(solglantan):
    content = _xlsx(
        [
            [
                "Organisationsnummer",
                "Diarienummer",
                "Beslutstyp",
                "Beslutsdatum",
                "Verksamhet",
                "Sammanfattning",
            ],
            ["556036-0793", "3.5.1-9/2026", "kritik", dt.datetime(2026, 3, 10), "", "Bemanning"],
        ]
    )
    report = importer.import_file(Source.IVO, content, TODAY)
    assert (report.rows, report.providers) == (1, 1)
    decision = IvoDecision.objects.get(provider=solglantan)
    assert (decision.kind, decision.decided_on) == ("criticism", dt.date(2026, 3, 10))


def test_xlsx_with_one_bad_row_stores_nothing_and_names_the_row(solglantan):
    content = _xlsx(
        [
            ["organisationsnummer", "fskatt", "moms", "arbetsgivare"],
            ["556036-0793", "ja", "ja", "ja"],
            ["5560360794", "ja", "kanske", "ja"],
        ]
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(Source.SKATTEVERKET, content, TODAY)
    assert refused.value.errors == ["Rad 3: organisationsnumret ”5560360794” är ogiltigt."]
    assert not SupplierCheck.objects.exists()


def test_xlsx_missing_a_column_or_a_bomb_is_refused(solglantan):
    import io
    import zipfile

    content = _xlsx([["organisationsnummer", "fskatt", "moms"], ["556036-0793", "ja", "ja"]])
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(Source.SKATTEVERKET, content, TODAY)
    assert refused.value.errors == ["Kolumnen arbetsgivare saknas i filen."]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(Source.SKATTEVERKET, bomb.getvalue(), TODAY)
    assert "orimligt mycket" in refused.value.errors[0]

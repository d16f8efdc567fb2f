"""The read step: workbooks over the ZIP limits are refused before openpyxl parses anything."""

import io
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest

from insyn.registry.io.importer import import_file
from insyn.registry.io.readers import FileRejected, read_file
from insyn.registry.models import Provider
from insyn.registry.tests.test_io_support import csv_bytes, named, unit_row, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def rezip(data: bytes, replace=None, extra=None, level=1) -> bytes:
    """The workbook `data` with some parts replaced and others added."""
    replace, extra = replace or {}, extra or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, content, zipfile.ZIP_DEFLATED, level)
        for name, content in extra.items():
            target.writestr(name, content, zipfile.ZIP_DEFLATED, level)
    return out.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """`data` with the central directory claiming `size` unpacked bytes for entry `name`."""
    header = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack("<H", data[header + 28 : header + 30])[0]
        if data[header + 46 : header + 46 + name_length].decode() == name:
            break
        header = data.index(b"PK\x01\x02", header + 4)
    return data[: header + 24] + struct.pack("<I", size) + data[header + 28 :]


@pytest.fixture
def openpyxl_must_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def only_message(result) -> str:
    assert not result.ok and len(result.problems) == 1, result.report()
    return result.problems[0].message


def test_decompression_bomb_is_refused_in_swedish_before_parsing(
    controller, settings, openpyxl_must_not_run
):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_UNPACKED_BYTES": 10 * 1024 * 1024}
    rows = b'<row r="2"><c t="inlineStr"><is><t>x</t></is></c></row>' * 250_000  # 13 MiB
    bomb = rezip(xlsx_bytes([unit_row()]), replace={SHEET: b"<worksheet>" + rows})
    assert len(bomb) < 200 * 1024  # a small upload
    message = only_message(import_file(named(bomb, "bomb.xlsx"), controller))
    assert "blir 13 MB när den packas upp; högst 10 MB kan importeras" in message
    assert not Provider.objects.exists()


def test_workbook_declaring_a_gigabyte_is_refused_at_the_default_limit_with_little_memory(
    controller, openpyxl_must_not_run
):
    data = declare_size(xlsx_bytes([unit_row()]), SHEET, 1024**3)
    tracemalloc.start()
    try:
        result = import_file(named(data, "stor.xlsx"), controller)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "blir 1024 MB när den packas upp; högst 100 MB" in only_message(result)
    assert peak < 2 * 1024 * 1024


def test_workbook_of_too_many_parts_is_refused(controller, openpyxl_must_not_run):
    parts = {f"xl/media/bild{n}.png": b"" for n in range(500)}
    message = only_message(
        import_file(named(rezip(xlsx_bytes(), extra=parts), "f.xlsx"), controller)
    )
    assert "består av 5" in message and "högst 500" in message


def test_large_shared_strings_are_refused_although_the_total_is_allowed(
    controller, settings, openpyxl_must_not_run
):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_WHOLE_PART_BYTES": 1024 * 1024}
    strings = b"<sst>" + b"<si><t>Omsorg AB</t></si>" * 60_000 + b"</sst>"  # 1.5 MB
    data = rezip(xlsx_bytes([unit_row()]), extra={"xl/sharedStrings.xml": strings})
    message = only_message(import_file(named(data, "f.xlsx"), controller))
    assert "xl/sharedStrings.xml" in message and "högst 1 MB" in message


def test_a_worksheet_may_be_larger_than_a_whole_part_since_it_is_streamed(controller, settings):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_WHOLE_PART_BYTES": 11 * 1024}
    data = xlsx_bytes([unit_row(Beskrivning="x" * 20_000)])
    assert import_file(named(data, "f.xlsx"), controller, dry_run=True).ok


def test_understated_sizes_give_a_broken_file_not_a_large_read(controller):
    data = xlsx_bytes([unit_row(Beskrivning="x" * 5000)])
    message = only_message(import_file(named(declare_size(data, SHEET, 600), "f.xlsx"), controller))
    assert "Excel" in message and ("skadad" in message or "Excel-arbetsbok" in message)


def test_a_sheet_claiming_all_16384_columns_reads_its_own_cells():
    data = xlsx_bytes([unit_row()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET).decode()
    start = sheet.index("<dimension ref=")
    end = sheet.index("/>", start) + 2
    wide = sheet[:start] + '<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    (unit_sheet, *_) = read_file(rezip(data, replace={SHEET: wide.encode()}), "f.xlsx")
    assert [number for number, _ in unit_sheet.rows] == [2]


def test_more_rows_than_the_limit_are_refused_naming_the_limit(settings):
    settings.INSYN = {**settings.INSYN, "IMPORT_MAX_ROWS": 3}
    rows = [unit_row(Verksamhet=f"Enhet {n}") for n in range(4)]
    with pytest.raises(FileRejected, match="fler än 3 rader"):
        read_file(csv_bytes(rows), "f.csv")
    with pytest.raises(FileRejected, match="fler än 3 rader"):
        read_file(xlsx_bytes(rows), "f.xlsx")
    assert len(read_file(csv_bytes(rows[:3]), "f.csv")[0].rows) == 3

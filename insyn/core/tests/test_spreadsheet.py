"""Every CSV and XLSX file Insyn writes: user text never becomes a live formula."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.core.spreadsheet import (
    csv_writer,
    escape_formula,
    is_formula,
    unescape_formula,
    xlsx_row,
)
from insyn.core.tests.recent_login import log_in_recently
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.public import opendata
from insyn.registry.tests.factories import ProviderFactory
from insyn.reports.models import FeedbackTableNote

FORMULAS = ['=HYPERLINK("http://x")', "@SUM(1)", "+1+1", "-1+1"]
PHONE = "+46 8 123 45 67"


@pytest.mark.parametrize(
    "text",
    [*FORMULAS, "=", "-5", "\tx", "\rx", "+46-8-123", "+46 8 (0)", "+ 46", "+"],
)
def test_text_a_spreadsheet_would_run_is_a_formula(text):
    assert is_formula(text)
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", [PHONE, "+46701234567", "+4", "Omsorg AB", "", "a=b", "'"])
def test_phone_numbers_and_plain_text_are_left_as_written(text):
    assert not is_formula(text)
    assert escape_formula(text) == text


@pytest.mark.parametrize("text", [*FORMULAS, PHONE, "'" + PHONE, "'=x", "''@x", "'citat'"])
def test_escaping_round_trips_through_the_importer(text):
    assert unescape_formula(escape_formula(text)) == text


def test_csv_writer_escapes_every_text_cell_and_keeps_numbers():
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerow(["=1+2", PHONE, 3, None])
    assert out.getvalue() == f"'=1+2;{PHONE};3;\r\n"


def test_xlsx_row_writes_formula_text_as_a_quote_prefixed_string_cell():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, ["=1+2", PHONE, 3]))
    assert sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["B1"].value == PHONE and not sheet["B1"].quotePrefix
    assert sheet["C1"].value == 3


def test_no_module_writes_csv_or_xlsx_rows_around_the_helper():
    """A new export must use core.spreadsheet; a bare csv.writer would write formulas raw."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheet.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", source):
            offenders.append(str(path.relative_to(root)))
        if "Workbook(" in source and "xlsx_row" not in source:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# --- every export, end to end -------------------------------------------------------------


def _csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _xlsx_cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"live formula in {name}"
    workbook = load_workbook(io.BytesIO(body))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _registry(text, file_format):
    ProviderFactory(name=text)
    return reverse("registry:provider_export") + f"?format={file_format}"


def _feedback(text, file_format):
    FeedbackItemFactory(text=text)
    return reverse("feedback:export")


class _OpenDataResponse:
    """Both open-data CSV downloads are `opendata.to_csv` of their rows; publishing a unit
    takes a whole world of fixtures (insyn/public/tests), so this checks the writer itself."""

    streaming = False

    def __init__(self, text):
        fields = [("verksamhet", lambda row: row), ("kommentar", lambda row: row)]
        self.content = opendata.to_csv(fields, [text]).encode()
        self.status_code = 200


def _tertial_table(text, file_format):
    district = OrgUnitFactory(name="Stadsdel A")
    FeedbackTableNote.objects.create(year=2024, org_unit=district, row_key="praise", text=text)
    return reverse("reports:feedback_table_csv") + f"?year=2024&org_unit={district.pk}"


def _annual_report(text, file_format):
    committee = OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE)
    FeedbackTableNote.objects.create(year=2024, org_unit=committee, row_key="praise", text=text)
    return reverse("reports:annual_report_xlsx") + f"?year=2024&org_unit={committee.pk}"


EXPORTS = [
    pytest.param(_registry, "csv", id="registry-csv"),
    pytest.param(_registry, "xlsx", id="registry-xlsx"),
    pytest.param(_feedback, "csv", id="feedback-csv"),
    pytest.param(None, "csv", id="open-data-csv"),
    pytest.param(_tertial_table, "csv", id="tertial-table-csv"),
    pytest.param(_annual_report, "xlsx", id="annual-report-xlsx"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("plant", "file_format"), EXPORTS)
@pytest.mark.parametrize("text", [*FORMULAS, PHONE])
def test_export_never_writes_user_text_as_a_live_formula(
    client, controller, plant, file_format, text
):
    if plant is None:
        response = _OpenDataResponse(text)
    else:
        url = plant(text, file_format)
        log_in_recently(client, controller)
        response = client.get(url)
    assert response.status_code == 200
    if file_format == "csv":
        cells = _csv_cells(response)
        expected = "'" + text if text in FORMULAS else text
        assert expected in cells
        assert text not in cells or text == expected
    else:
        cells = [c for c in _xlsx_cells(response) if c.value == text]
        assert cells, "the planted text is missing"
        for cell in cells:
            assert cell.data_type == "s"
            assert bool(cell.quotePrefix) == (text in FORMULAS)

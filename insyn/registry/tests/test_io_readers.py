"""Cell parsers and file readers: Swedish Excel CSV, XLSX, headers, encodings."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from insyn.core.spreadsheet import is_formula
from insyn.registry.io.columns import UNIT_SHEET_COLUMNS
from insyn.registry.io.constants import SheetKind
from insyn.registry.io.readers import (
    FileRejected,
    escape_formula,
    format_decimal,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    read_file,
    unescape_formula,
)
from insyn.registry.tests.test_io_support import (
    CONTRACT_HEADERS,
    UNIT_HEADERS,
    contract_row,
    csv_bytes,
    unit_row,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3 500,50", Decimal("3500.50")),
        ("3\u00a0500,50", Decimal("3500.50")),
        ("3\u202f500,5", Decimal("3500.5")),
        ("1.200,00", Decimal("1200.00")),
        ("3500.25", Decimal("3500.25")),
        ("1 200 000", Decimal("1200000")),
        ("3 500 kr", Decimal("3500")),
        ("-12,5", Decimal("-12.5")),
        (3500, Decimal("3500")),
        (3500.5, Decimal("3500.5")),
        ("", None),
        (None, None),
    ],
)
def test_decimal_parser_reads_swedish_numbers(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["tre tusen", "3,500,00", "12a", "1 2,3,4"])
def test_decimal_parser_names_the_bad_value(raw):
    with pytest.raises(ValueError, match="är inte ett tal"):
        parse_decimal(raw)


def test_int_parser_refuses_fractions():
    assert parse_int("12") == 12
    assert parse_int(12.0) == 12
    with pytest.raises(ValueError, match="inte ett heltal"):
        parse_int("2,5")


def test_date_parser_accepts_iso_text_and_excel_date_cells():
    assert parse_date("2024-03-01") == dt.date(2024, 3, 1)
    assert parse_date(dt.datetime(2024, 3, 1, 0, 0)) == dt.date(2024, 3, 1)
    assert parse_date(dt.date(2024, 3, 1)) == dt.date(2024, 3, 1)
    assert parse_date("") is None


@pytest.mark.parametrize("raw", ["1/3/2024", "2024-02-30", "01-03-2024", "igår"])
def test_date_parser_explains_the_format(raw):
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD"):
        parse_date(raw)


def test_bool_parser_reads_ja_nej_and_defaults_to_yes():
    assert parse_bool("Ja") is True
    assert parse_bool("nej") is False
    assert parse_bool("") is True
    assert parse_bool(False) is False
    with pytest.raises(ValueError, match="Ja eller Nej"):
        parse_bool("kanske")


def test_text_parser_turns_numeric_cells_into_text():
    assert parse_text(41101) == "41101"
    assert parse_text(41101.0) == "41101"
    assert parse_text("  Storgatan 1 ") == "Storgatan 1"
    assert parse_text(None) == ""


@pytest.mark.parametrize("value", ["=1+2", "+46-31-12", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_escaping_round_trips(value):
    escaped = escape_formula(value)
    assert escaped.startswith("'")
    assert unescape_formula(escaped) == value


def test_text_that_looks_escaped_survives_the_round_trip():
    assert unescape_formula(escape_formula("'=citat")) == "'=citat"


def test_plain_text_is_not_escaped():
    assert escape_formula("Omsorg AB") == "Omsorg AB"
    assert unescape_formula("'citat'") == "'citat'"


@given(
    st.decimals(min_value=Decimal("0"), max_value=Decimal("99999999.99"), places=2, allow_nan=False)
)
def test_decimal_written_with_comma_parses_back(value):
    assert parse_decimal(format_decimal(value)) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_thousand_separated_numbers_parse(value):
    grouped = f"{value:,}".replace(",", "\u00a0") + ",00"
    assert parse_decimal(grouped) == Decimal(value)


safe_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u2028\u2029"
    ),
    max_size=40,
).map(str.strip)


@settings(deadline=None, max_examples=60)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "Utförare": safe_text,
                "Verksamhet": safe_text,
                "Inriktning": safe_text,
                "Antal platser": st.integers(min_value=0, max_value=5000),
                "Pris per dygn ramavtal": st.decimals(
                    min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False
                ),
                "IVO-tillstånd datum": st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
            }
        ),
        min_size=1,
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_generated_rows_written_as_swedish_csv_read_back_the_same(rows, encoding):
    written = []
    for row in rows:
        written.append(
            {
                "Utförare": escape_formula(row["Utförare"]),
                "Verksamhet": escape_formula(row["Verksamhet"]),
                "Inriktning": escape_formula(row["Inriktning"]),
                "Antal platser": str(row["Antal platser"]),
                "Pris per dygn ramavtal": format_decimal(row["Pris per dygn ramavtal"]),
                "IVO-tillstånd datum": row["IVO-tillstånd datum"].isoformat(),
            }
        )
    try:
        data = csv_bytes(written, encoding=encoding)
    except UnicodeEncodeError:
        return  # not every generated text has a Windows-1252 form; Excel couldn't save it either
    (sheet,) = read_file(data, "fil.csv")
    assert sheet.kind == SheetKind.UNITS
    assert len(sheet.rows) == len(rows)
    for (number, parsed), original in zip(sheet.rows, rows, strict=True):
        assert number >= 2
        assert parse_text(parsed["Utförare"]) == original["Utförare"]
        assert parse_text(parsed["Verksamhet"]) == original["Verksamhet"]
        assert parse_text(parsed["Inriktning"]) == original["Inriktning"]
        assert parse_int(parsed["Antal platser"]) == original["Antal platser"]
        assert parse_decimal(parsed["Pris per dygn ramavtal"]) == original["Pris per dygn ramavtal"]
        assert parse_date(parsed["IVO-tillstånd datum"]) == original["IVO-tillstånd datum"]


@settings(deadline=None, max_examples=60)
@given(
    rows=st.lists(
        st.tuples(
            safe_text,
            st.integers(min_value=0, max_value=5000),
            st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False),
            st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_generated_rows_in_xlsx_read_back_the_same(rows):
    data = xlsx_bytes(
        [
            {
                # Text a spreadsheet would take for a formula is written quoted, as our export does.
                "Verksamhet": escape_formula(name) or None,
                "Antal platser": places,
                "Pris per dygn ramavtal": price,
                "IVO-tillstånd datum": date,
            }
            for name, places, price, date in rows
        ]
    )
    sheets = read_file(data, "fil.xlsx")
    (sheet,) = [s for s in sheets if s.rows]
    for (_, parsed), (name, places, price, date) in zip(sheet.rows, rows, strict=True):
        assert parse_text(parsed["Verksamhet"]) == name
        assert parse_int(parsed["Antal platser"]) == places
        assert parse_decimal(parsed["Pris per dygn ramavtal"]).quantize(Decimal("0.01")) == price
        assert parse_date(parsed["IVO-tillstånd datum"]) == date


def test_csv_with_bom_without_bom_and_windows_1252_reads_the_same():
    row = unit_row(Utförare="Åkerö Öppenvård AB")
    for encoding in ("utf-8-sig", "utf-8", "cp1252"):
        (sheet,) = read_file(csv_bytes([row], encoding=encoding), "fil.csv")
        assert sheet.rows[0][1]["Utförare"] == "Åkerö Öppenvård AB"


def test_row_numbers_follow_excel_and_skip_blank_rows():
    data = csv_bytes([unit_row(), {}, unit_row(Verksamhet="Två")])
    (sheet,) = read_file(data, "fil.csv")
    assert [number for number, _ in sheet.rows] == [2, 4]


def test_headers_match_regardless_of_case_and_spacing():
    headers = [h.upper() + "  " for h in UNIT_HEADERS]
    (sheet,) = read_file(csv_bytes([], headers=headers) + b"x;y\r\n", "fil.csv")
    assert sheet.kind == SheetKind.UNITS


def test_missing_and_renamed_columns_are_named():
    headers = [h for h in UNIT_HEADERS if h not in {"Kategori", "Antal platser"}] + ["Platser"]
    with pytest.raises(FileRejected) as rejected:
        read_file(csv_bytes([unit_row()], headers=headers), "fil.csv")
    message = str(rejected.value.problems[0])
    assert "rad 1" in message
    assert "saknas: ”Kategori”, ”Antal platser”" in message
    assert "okända kolumner: ”Platser”" in message


def test_id_columns_may_be_left_out():
    headers = [h for h in UNIT_HEADERS if h != "Verksamhets-id"]
    (sheet,) = read_file(csv_bytes([unit_row()], headers=headers), "fil.csv")
    assert len(sheet.rows) == 1


def test_contract_sheet_is_recognised_by_its_headers():
    (sheet,) = read_file(csv_bytes([contract_row()], headers=CONTRACT_HEADERS), "avtal.csv")
    assert sheet.kind == SheetKind.CONTRACTS


def test_comma_separated_file_is_rejected_with_a_hint():
    data = ",".join(UNIT_HEADERS).encode() + b"\r\n1,2\r\n"
    with pytest.raises(FileRejected, match="semikolon"):
        read_file(data, "fil.csv")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b";;;\r\n"])
def test_empty_file_is_rejected(data):
    with pytest.raises(FileRejected, match="tom"):
        read_file(data, "fil.csv")


def test_header_only_file_has_no_rows_to_import():
    with pytest.raises(FileRejected, match="inga rader"):
        read_file(csv_bytes([]), "fil.csv")


def test_malformed_xlsx_gives_a_swedish_message():
    with pytest.raises(FileRejected, match="Excel-arbetsbok"):
        read_file(b"PK\x03\x04 not really a zip file", "fil.xlsx")


def test_xlsx_without_template_headers_is_rejected():
    workbook = Workbook()
    workbook.active.append(["Namn", "Adress"])
    workbook.active.append(["A", "B"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FileRejected, match="mallens kolumnrubriker"):
        read_file(buffer.getvalue(), "fil.xlsx")


def test_template_has_a_column_for_every_unit_header():
    assert len({c.header for c in UNIT_SHEET_COLUMNS}) == len(UNIT_SHEET_COLUMNS)


@given(st.text(max_size=30))
def test_escaped_text_never_starts_a_formula_and_unescapes_to_itself(value):
    escaped = escape_formula(value)
    # A phone number ("+46 31 12") is the one prefix left as written (issue 11).
    assert not is_formula(escaped)
    assert unescape_formula(escaped) == value


def test_old_binary_xls_is_rejected_with_advice():
    with pytest.raises(FileRejected, match=r"gamla Excel-formatet \(\.xls\)"):
        read_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "fil.xls")


@settings(deadline=None, max_examples=60)
@given(st.binary(min_size=1, max_size=300))
def test_arbitrary_bytes_are_rejected_or_read_never_crash(data):
    try:
        read_file(data, "fil.csv")
    except FileRejected as rejected:
        assert rejected.problems[0].message


def _ods_bytes() -> bytes:
    """The start of an OpenDocument spreadsheet as LibreOffice writes it: a ZIP whose first,
    stored entry is `mimetype`."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["leverantorer.ods", "uppladdad-fil"])
def test_ods_file_is_refused_saying_that_ods_is_not_read(name):
    with pytest.raises(FileRejected) as rejected:
        read_file(_ods_bytes(), name)
    assert "ODS-filer läses inte: spara som .xlsx eller .csv" in rejected.value.problems[0].message

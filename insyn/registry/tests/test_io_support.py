"""Builders for import files in tests: rows by Swedish header, written as CSV or XLSX."""

import csv
import io

from openpyxl import Workbook

from insyn.registry.io.columns import CONTRACT_COLUMNS, UNIT_SHEET_COLUMNS
from insyn.registry.validators import org_number_with_check_digit

UNIT_HEADERS = [c.header for c in UNIT_SHEET_COLUMNS]
CONTRACT_HEADERS = [c.header for c in CONTRACT_COLUMNS]


def org(n: int) -> str:
    return org_number_with_check_digit(f"{556000000 + n:09d}")


def unit_row(**values) -> dict:
    row = {
        "Organisationsnummer": org(1),
        "Utförare": "Omsorg i Väst AB",
        "Driftform": "Privat företag",
        "Ort": "Göteborg",
        "Verksamhet": "Hisingen HVB",
        "Kategori": "HVB barn och unga",
        "Antal platser": "8",
        "Lediga platser": "2",
        # Outside a framework agreement: a framework price needs one (see test_io_import).
        "Prisindikation per dygn": "3 500,50",
    }
    row.update(values)
    return row


def contract_row(**values) -> dict:
    row = {
        "Organisationsnummer": org(1),
        "Avtalstyp": "Ramavtal",
        "Benämning": "Ramavtal HVB 2024",
        "Diarienummer": "SN-2024-0001",
        "Verksamheter": "Hisingen HVB",
        "Startdatum": "2024-01-01",
        "Slutdatum": "2027-12-31",
        "Årligt värde": "1 200 000",
        "Krav": "5.2: Rutiner för avvikelser | 6.1: Utbildad personal",
    }
    row.update(values)
    return row


def csv_bytes(rows, headers=None, encoding="utf-8-sig") -> bytes:
    headers = headers or UNIT_HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(unit_rows=(), contract_rows=(), unit_headers=None, contract_headers=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Utförare och verksamheter"
    headers = unit_headers or UNIT_HEADERS
    sheet.append(headers)
    for row in unit_rows:
        sheet.append([row.get(h) for h in headers])
    contracts = workbook.create_sheet("Avtal")
    headers = contract_headers or CONTRACT_HEADERS
    contracts.append(headers)
    for row in contract_rows:
        contracts.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle

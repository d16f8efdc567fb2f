"""Export of the register in the import template's format, as CSV or XLSX, row by row.

Rows are produced from `.iterator()` over `select_related` querysets (units fetched per
chunk of providers), so 50,000 units never sit in memory as model instances at once. Text a
spreadsheet could run as a formula is neutralised: CSV cells get a leading single quote
(OWASP), XLSX cells are written as string cells (never formulas). The importer removes that
quote again, so an export re-imports unchanged.
"""

import datetime as dt
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from pathlib import Path

from django.db.models import Prefetch, QuerySet

from insyn.core.spreadsheet import csv_writer, xlsx_row

from ..constants import ContractType, OperationForm, TargetGender
from ..models import Contract, Provider, Unit
from .columns import (
    CONTRACT_COLUMNS,
    INSTRUCTIONS_TITLE,
    SHEET_TITLES,
    UNIT_LIST_SEPARATOR,
    UNIT_SHEET_COLUMNS,
)
from .constants import SheetKind
from .readers import format_decimal

CHUNK = 1000
OPERATION_FORMS = dict(OperationForm.choices)
GENDERS = dict(TargetGender.choices)
CONTRACT_TYPES = dict(ContractType.choices)


def _yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def provider_cells(provider: Provider) -> list:
    return [
        provider.org_number,
        provider.name,
        OPERATION_FORMS.get(provider.operation_form, provider.operation_form),
        provider.street_address,
        provider.postal_code,
        provider.city,
        provider.contact_name,
        provider.email,
        provider.phone,
        provider.website,
        _yes_no(provider.active),
    ]


EMPTY_UNIT = [None] * (len(UNIT_SHEET_COLUMNS) - 11)


def unit_cells(unit: Unit) -> list:
    return [
        unit.pk,
        unit.name,
        unit.category.name,
        unit.focus,
        unit.description,
        unit.target_age_min,
        unit.target_age_max,
        GENDERS.get(unit.target_gender, unit.target_gender),
        unit.target_needs,
        unit.ivo_permit_number,
        unit.ivo_permit_date,
        unit.ivo_permit_scope,
        unit.places,
        unit.vacancies,
        unit.vacancies_confirmed_on,
        unit.price_per_day_framework,
        unit.price_indication,
        unit.street_address,
        unit.postal_code,
        unit.city,
        unit.municipality,
        unit.district.name if unit.district_id else "",
        _yes_no(unit.active),
    ]


def _unit_reference(unit: Unit, shared_names: set) -> str:
    # A name holding the separator, or shared by two units of the provider, can't identify
    # the unit; its id always does.
    if UNIT_LIST_SEPARATOR in unit.name or (unit.provider_id, unit.name.casefold()) in shared_names:
        return str(unit.pk)
    return unit.name


def shared_unit_names(provider_ids) -> set[tuple[int, str]]:
    """(provider id, case-folded name) used by more than one unit of the same provider.

    Counted in Python: SQLite's lower() leaves Å, Ä and Ö alone, the importer does not."""
    counts = Counter(
        (provider_id, name.casefold())
        for provider_id, name in Unit.objects.filter(provider_id__in=provider_ids)
        .values_list("provider_id", "name")
        .iterator(chunk_size=5000)
    )
    return {key for key, n in counts.items() if n > 1}


def contract_cells(contract: Contract, shared_names: set = frozenset()) -> list:
    units = sorted(contract.units.all(), key=lambda u: (u.name.casefold(), u.pk))
    requirements = sorted(contract.requirements.all(), key=lambda r: (r.clause, r.pk))
    return [
        contract.pk,
        contract.provider.org_number,
        CONTRACT_TYPES.get(contract.contract_type, contract.contract_type),
        contract.title,
        contract.diary_number,
        f"{UNIT_LIST_SEPARATOR} ".join(_unit_reference(u, shared_names) for u in units),
        contract.committee.name if contract.committee_id else "",
        contract.owner.username if contract.owner_id else "",
        contract.start_date,
        contract.end_date,
        contract.extension_options,
        contract.annual_value,
        contract.description,
        " | ".join(f"{r.clause}{'*' if r.essential else ''}: {r.text}" for r in requirements),
    ]


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def provider_unit_rows(providers: QuerySet[Provider]) -> Iterator[list]:
    """One row per unit of each provider (in the queryset's order), or one row without unit."""
    for chunk in _batched(providers.iterator(chunk_size=CHUNK), CHUNK):
        units = defaultdict(list)
        for unit in (
            Unit.objects.filter(provider_id__in=[p.pk for p in chunk])
            .select_related("category", "district")
            .order_by("name", "pk")
        ):
            units[unit.provider_id].append(unit)
        for provider in chunk:
            cells = provider_cells(provider)
            if not units[provider.pk]:
                yield cells + EMPTY_UNIT
            for unit in units[provider.pk]:
                yield cells + unit_cells(unit)


def unit_rows(units: QuerySet[Unit]) -> Iterator[list]:
    units = units.select_related("provider", "category", "district")
    for unit in units.iterator(chunk_size=CHUNK):
        yield provider_cells(unit.provider) + unit_cells(unit)


def contract_rows(contracts: QuerySet[Contract]) -> Iterator[list]:
    contracts = contracts.select_related("provider", "committee", "owner").prefetch_related(
        Prefetch("units", queryset=Unit.objects.only("pk", "name", "provider_id")), "requirements"
    )
    shared_names = shared_unit_names(contracts.values("provider_id"))
    for contract in contracts.iterator(chunk_size=CHUNK):
        yield contract_cells(contract, shared_names)


# --- CSV ----------------------------------------------------------------------------------


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    # Text is escaped by the writer (core.spreadsheet.csv_writer), once.
    return str(value)


class _Line:
    def write(self, value):
        return value


def csv_lines(columns, rows: Iterable[list]) -> Iterator[str]:
    """Swedish Excel CSV: UTF-8 with BOM, semicolons, CRLF, decimal commas."""
    writer = csv_writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in csv_lines(columns, rows):
            handle.write(line)


# --- XLSX ---------------------------------------------------------------------------------


def _header_row(sheet, columns):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def write_xlsx(target, sheets: list[tuple[str, list, Iterable[list]]], instructions=False):
    """Write sheets of (title, columns, rows) to `target` (a path or a binary file)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns):
            letter = _column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
        sheet.append(_header_row(sheet, columns))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    if instructions:
        sheet = workbook.create_sheet(INSTRUCTIONS_TITLE)
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 12
        sheet.column_dimensions["D"].width = 90
        for row in instruction_rows():
            sheet.append(xlsx_row(sheet, row))
    workbook.save(target)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def xlsx_file(sheets, instructions=False):
    """A temporary file holding the workbook, rewound, for a FileResponse."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    write_xlsx(handle, sheets, instructions=instructions)
    handle.seek(0)
    return handle


# --- templates and instructions -----------------------------------------------------------


def instruction_rows() -> list[list]:
    rows = [
        ["Import till Insyns utförarregister"],
        [
            "Fyll i flikarna \u201dUtförare och verksamheter\u201d (en rad per verksamhet; "
            "utförarens uppgifter upprepas på varje rad, en utförare utan verksamheter får en "
            "rad med tomma verksamhetskolumner) och \u201dAvtal\u201d (en rad per avtal)."
        ],
        [
            "Kolumnrubrikerna på rad 1 får inte ändras. Datum skrivs ÅÅÅÅ-MM-DD, belopp med "
            "decimalkomma (3 500,50). Ja/Nej-kolumner: tom ruta betyder Ja."
        ],
        [
            "Importen sker i två steg: först en förhandsgranskning med en rapport över alla fel, "
            "sedan importeras allt på en gång. Finns ett enda fel sparas ingenting."
        ],
        [
            "Utförare känns igen på organisationsnummer, verksamheter på verksamhets-id eller "
            "namn, avtal på avtals-id, diarienummer eller benämning och startdatum."
        ],
        [],
        ["Flik", "Kolumn", "Krävs", "Beskrivning"],
    ]
    for kind in (SheetKind.UNITS, SheetKind.CONTRACTS):
        columns = UNIT_SHEET_COLUMNS if kind == SheetKind.UNITS else CONTRACT_COLUMNS
        for column in columns:
            rows.append([SHEET_TITLES[kind], column.header, _yes_no(column.required), column.help])
    return rows


def example_rows(kind) -> list[list]:
    columns = UNIT_SHEET_COLUMNS if kind == SheetKind.UNITS else CONTRACT_COLUMNS
    return [[column.example if column.example != "" else None for column in columns]]


def template_sheets():
    return [
        (SHEET_TITLES[SheetKind.UNITS], UNIT_SHEET_COLUMNS, example_rows(SheetKind.UNITS)),
        (SHEET_TITLES[SheetKind.CONTRACTS], CONTRACT_COLUMNS, example_rows(SheetKind.CONTRACTS)),
    ]


def template_csv_lines(kind) -> Iterator[str]:
    columns = UNIT_SHEET_COLUMNS if kind == SheetKind.UNITS else CONTRACT_COLUMNS
    # The example's display values are already what Swedish Excel writes (e.g. "3 500,50").
    rows = [[("" if v is None else str(v)) for v in example_rows(kind)[0]]]
    writer = csv_writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    for row in rows:
        yield writer.writerow(row)


# --- whole register (command) -------------------------------------------------------------


def whole_register():
    providers = Provider.objects.order_by("name", "pk")
    contracts = Contract.objects.filter(provider__deleted_at__isnull=True).order_by(
        "provider__name", "start_date", "pk"
    )
    return providers, contracts


def contracts_csv_path(path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}-avtal.csv")


def export_register(path) -> list[Path]:
    """Write everything in the template's format: .xlsx gets both sheets, .csv two files."""
    path = Path(path)
    providers, contracts = whole_register()
    if path.suffix.lower() == ".xlsx":
        write_xlsx(
            path,
            [
                (SHEET_TITLES[SheetKind.UNITS], UNIT_SHEET_COLUMNS, provider_unit_rows(providers)),
                (SHEET_TITLES[SheetKind.CONTRACTS], CONTRACT_COLUMNS, contract_rows(contracts)),
            ],
        )
        return [path]
    if path.suffix.lower() == ".csv":
        write_csv(path, UNIT_SHEET_COLUMNS, provider_unit_rows(providers))
        contracts_path = contracts_csv_path(path)
        write_csv(contracts_path, CONTRACT_COLUMNS, contract_rows(contracts))
        return [path, contracts_path]
    raise ValueError("Filnamnet ska sluta på .xlsx eller .csv.")

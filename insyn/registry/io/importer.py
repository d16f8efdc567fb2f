"""All-or-nothing import of providers, units and contracts from the template's CSV/XLSX files.

`import_file(path_or_file, user, dry_run=False) -> ImportResult` is the one entry point (the
web preview, the confirm step, the command and the benchmark call it). It reads the whole file,
validates every row against what is in memory (one query per table to load what the file
refers to, never a SELECT per row), and only when no row has a problem writes everything in
one transaction with bulk operations. Since bulk operations send no signals, the auditlog
entries are written here in bulk with the same shape auditlog itself writes (its own
`model_instance_diff`), with the importing user as actor. Unchanged records are not touched.

Matching (so a re-import updates instead of duplicating):
- providers by organisationsnummer;
- units by "Verksamhets-id" when given, else by provider + unit name (case-insensitive);
- contracts by "Avtals-id" when given, else by provider + diary number, else by provider +
  title (case-insensitive) + start date.
"""

import copy
import datetime as dt
import functools
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff, track_field
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import DateTimeField
from django.utils import timezone
from django.utils.encoding import smart_str
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit
from insyn.core.text import reject_control_characters

from ..constants import ContractType, OperationForm, TargetGender
from ..models import Category, Contract, ContractRequirement, Provider, Unit
from .columns import (
    CONTRACT_COLUMNS,
    PROVIDER_COLUMNS,
    REQUIREMENT_SEPARATOR,
    UNIT_COLUMNS,
    UNIT_LIST_SEPARATOR,
    Column,
)
from .constants import SheetKind
from .readers import (
    FileRejected,
    Problem,
    RawSheet,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
    read_file,
)

BATCH = 500
IN_CHUNK = 2000
CENT = Decimal("0.01")
# Each kind's fields as compared and written (the FK fields are compared by id).
PROVIDER_FIELDS = [c.key for c in PROVIDER_COLUMNS]
UNIT_FIELDS = [c.key for c in UNIT_COLUMNS if c.key != "id"]
CONTRACT_FIELDS = [
    c.key for c in CONTRACT_COLUMNS if c.key not in {"id", "org_number", "units", "requirements"}
]
CHOICES = {
    ("provider", "operation_form"): OperationForm,
    ("unit", "target_gender"): TargetGender,
    ("contract", "contract_type"): ContractType,
}
CHOICE_DEFAULTS = {
    ("provider", "operation_form"): OperationForm.PRIVATE,
    ("unit", "target_gender"): TargetGender.ANY,
}
MODELS = {"provider": Provider, "unit": Unit, "contract": Contract}
_REQUIREMENT = re.compile(r"^([^:]*):(.*)$", re.S)


class ImportTooLarge(FileRejected):
    pass


@dataclass
class ImportResult:
    """What an import found and did. `counts[kind][created|updated|unchanged]`."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    stored: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, what: str) -> int:
        return self.counts.get(kind, {}).get(what, 0)

    def summary(self) -> str:
        """E.g. "3 nya utförare, 5 nya verksamheter, 1 uppdaterad"."""
        parts = []
        for kind, label in (
            ("providers", "utförare"),
            ("units", "verksamheter"),
            ("contracts", "avtal"),
        ):
            created = self.count(kind, "created")
            if created:
                if created == 1:
                    adjective = "nytt" if kind == "contracts" else "ny"
                    label = "verksamhet" if kind == "units" else label
                else:
                    adjective = "nya"
                parts.append(f"{created} {adjective} {label}")
        updated = sum(self.count(k, "updated") for k in ("providers", "units", "contracts"))
        if updated:
            parts.append(f"{updated} {'uppdaterad' if updated == 1 else 'uppdaterade'}")
        unchanged = sum(self.count(k, "unchanged") for k in ("providers", "units", "contracts"))
        if unchanged:
            parts.append(f"{unchanged} oförändrade")
        return ", ".join(parts) or "inga ändringar"

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def _max_bytes() -> int:
    return settings.INSYN.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def _too_large(limit: int) -> FileRejected:
    mb = limit / (1024 * 1024)
    shown = f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}".replace(".", ",")
    return ImportTooLarge(
        [
            Problem(
                f"Filen är för stor. Den största fil som kan importeras är {shown} MB. "
                "Dela upp filen i flera mindre filer."
            )
        ]
    )


def read_bytes(path_or_file, limit: int | None = None) -> tuple[bytes, str]:
    """The file's content (refusing more than the size limit before reading it all) and name."""
    limit = limit or _max_bytes()
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        if path.stat().st_size > limit:
            raise _too_large(limit)
        return path.read_bytes(), path.name
    size = getattr(path_or_file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    data = path_or_file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data, os.path.basename(getattr(path_or_file, "name", "") or "")


def import_file(path_or_file, user, dry_run: bool = False, name: str = "") -> ImportResult:
    """Validate and (unless dry_run, or when any row is bad) store one CSV or XLSX file.

    `name` is what the row report calls a CSV file (default: the file's own name)."""
    return import_files([(path_or_file, name)], user, dry_run=dry_run)


def import_files(files, user, dry_run: bool = False) -> ImportResult:
    """Several files in one go (the two CSV files of an export), still all-or-nothing.

    Each item is a path or file object, or a (path or file object, display name) pair."""
    sheets: list[RawSheet] = []
    try:
        for item in files:
            source, shown = item if isinstance(item, tuple) else (item, "")
            data, name = read_bytes(source)
            sheets.extend(read_file(data, shown or name))
    except FileRejected as rejected:
        return ImportResult(problems=rejected.problems, dry_run=dry_run)
    return _Import(user).run(sheets, dry_run=dry_run)


# --- planning -----------------------------------------------------------------------------


@dataclass
class _Planned:
    """One record as the file wants it: the instance to write, its old state, its first row."""

    obj: object
    old: object | None
    row: int
    changed: list[str] = field(default_factory=list)
    org: str = ""
    unit_refs: list = field(default_factory=list)  # contracts: _Planned units or Units
    requirements: list = field(default_factory=list)  # contracts: (clause, text) pairs

    @property
    def is_new(self) -> bool:
        return self.old is None


def _chunks(values, size=IN_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _normalise_for_compare(value):
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return value


class _Import:
    def __init__(self, user):
        self.user = user
        self.problems: list[Problem] = []
        self.categories: dict[str, Category] = {}
        for category in Category.objects.all():
            self.categories[category.name.casefold()] = category
            self.categories[category.code.casefold()] = category
        self.category_names = [c.name for c in Category.objects.filter(active=True)]
        self.districts = self._org_units(OrgUnitKind.DISTRICT)
        self.committees = self._org_units(OrgUnitKind.COMMITTEE)
        self.bad_orgs: set[str] = set()

    @staticmethod
    def _org_units(kind) -> dict[str, OrgUnit]:
        found: dict[str, OrgUnit] = {}
        for org_unit in OrgUnit.objects.filter(kind=kind).order_by("pk"):
            found.setdefault(org_unit.name.casefold(), org_unit)
        return found

    def problem(self, sheet: RawSheet, row: int, column: Column | str, message: str):
        header = column.header if isinstance(column, Column) else column
        self.problems.append(Problem(message, sheet=sheet.title, row=row, column=header))

    # --- entry --------------------------------------------------------------------------

    def run(self, sheets: list[RawSheet], dry_run: bool) -> ImportResult:
        unit_sheets = [s for s in sheets if s.kind == SheetKind.UNITS]
        contract_sheets = [s for s in sheets if s.kind == SheetKind.CONTRACTS]
        self._load_existing(sheets)
        self.providers: dict[str, _Planned] = {}
        self.units: dict[tuple[str, str], _Planned] = {}
        # Per org number: "#<pk>" -> the planned existing unit, name -> planned units so named.
        self.units_by_org: dict[str, dict[str, object]] = defaultdict(dict)
        self.contracts: list[_Planned] = []
        for sheet in unit_sheets:
            self._plan_unit_sheet(sheet)
        for sheet in contract_sheets:
            self._plan_contract_sheet(sheet)
        result = ImportResult(problems=self.problems, counts=self._counts(), dry_run=dry_run)
        if self.problems or dry_run:
            return result
        self._write()
        result.stored = True
        return result

    def _counts(self) -> dict:
        counts = {}
        for kind, planned in (
            ("providers", self.providers.values()),
            ("units", self.units.values()),
            ("contracts", self.contracts),
        ):
            tally = {"created": 0, "updated": 0, "unchanged": 0}
            for item in planned:
                if item.is_new:
                    tally["created"] += 1
                elif item.changed:
                    tally["updated"] += 1
                else:
                    tally["unchanged"] += 1
            counts[kind] = tally
        return counts

    # --- loading what the file refers to --------------------------------------------------

    def _load_existing(self, sheets):
        org_numbers, unit_ids, contract_ids, usernames = set(), set(), set(), set()
        for sheet in sheets:
            for _, row in sheet.rows:
                org = self._clean_org(row.get("Organisationsnummer"))
                if org:
                    org_numbers.add(org)
                raw_id = parse_text(
                    row.get("Verksamhets-id" if sheet.kind == "units" else "Avtals-id")
                )
                if raw_id.isdigit():
                    (unit_ids if sheet.kind == SheetKind.UNITS else contract_ids).add(int(raw_id))
                owner = parse_text(row.get("Avtalsägare"))
                if owner:
                    usernames.add(owner)
        self.existing_providers: dict[str, Provider] = {}
        for chunk in _chunks(org_numbers):
            for provider in Provider.all_objects.filter(org_number__in=chunk):
                self.existing_providers[provider.org_number] = provider
        provider_ids = [p.pk for p in self.existing_providers.values()]
        by_pk = {p.pk: p for p in self.existing_providers.values()}
        self.existing_units_by_name: dict[int, dict[str, list[Unit]]] = defaultdict(dict)
        self.existing_units_by_id: dict[int, Unit] = {}
        for chunk in _chunks(provider_ids):
            for unit in Unit.objects.filter(provider_id__in=chunk).order_by("pk"):
                names = self.existing_units_by_name[unit.provider_id]
                names.setdefault(unit.name.casefold(), []).append(unit)
                self.existing_units_by_id[unit.pk] = unit
        missing_ids = unit_ids - self.existing_units_by_id.keys()
        for chunk in _chunks(missing_ids):
            for unit in Unit.objects.filter(pk__in=chunk).select_related("provider"):
                self.existing_units_by_id[unit.pk] = unit
        self.existing_contracts_by_id: dict[int, Contract] = {}
        for chunk in _chunks(provider_ids):
            for contract in Contract.objects.filter(provider_id__in=chunk):
                self.existing_contracts_by_id[contract.pk] = contract
        for chunk in _chunks(contract_ids - self.existing_contracts_by_id.keys()):
            for contract in Contract.objects.filter(pk__in=chunk):
                self.existing_contracts_by_id[contract.pk] = contract
        self.contracts_by_diary: dict[tuple[int, str], list[Contract]] = defaultdict(list)
        self.contracts_by_title: dict[tuple[int, str, object], list[Contract]] = defaultdict(list)
        for contract in self.existing_contracts_by_id.values():
            if contract.diary_number:
                key = (contract.provider_id, contract.diary_number.casefold())
                self.contracts_by_diary[key].append(contract)
            title_key = (contract.provider_id, contract.title.casefold(), contract.start_date)
            self.contracts_by_title[title_key].append(contract)
        self.contract_units: dict[int, set[int]] = defaultdict(set)
        self.contract_requirements: dict[int, list[ContractRequirement]] = defaultdict(list)
        through = Contract.units.through
        for chunk in _chunks(self.existing_contracts_by_id.keys()):
            for contract_id, unit_id in through.objects.filter(contract_id__in=chunk).values_list(
                "contract_id", "unit_id"
            ):
                self.contract_units[contract_id].add(unit_id)
            for requirement in ContractRequirement.objects.filter(contract_id__in=chunk):
                self.contract_requirements[requirement.contract_id].append(requirement)
        # Units named in contracts may belong to providers' existing units only; their names
        # are loaded above, so unit references resolve in memory too.
        self.users = {}
        if usernames:
            for user in get_user_model().objects.filter(username__in=usernames):
                self.users[user.username.casefold()] = user
        self.provider_by_pk = by_pk

    @staticmethod
    def _clean_org(raw) -> str | None:
        try:
            return _normalised_org(parse_text(raw))
        except StdnumError:
            return None

    # --- cell values ----------------------------------------------------------------------

    def _value(self, sheet, number, owner, column: Column, raw):
        """The cell as the model field's Python value; records a problem and returns a marker."""
        try:
            return self._convert(owner, column, raw)
        except ValueError as exc:
            self.problem(sheet, number, column, str(exc))
            return _INVALID

    def _convert(self, owner, column: Column, raw):
        kind = column.type
        if kind in {"text", "email", "url", "list", "requirements", "id", "ref"}:
            value = reject_control_characters(parse_text(raw))
            if column.required and not value:
                raise ValueError("Värde saknas. Fyll i kolumnen.")
            model = MODELS[owner]
            if kind in {"text", "email", "url"}:
                max_length = _field(model, column.key).max_length
                if max_length and len(value) > max_length:
                    raise ValueError(
                        f"Texten är {len(value)} tecken lång; högst {max_length} tecken får plats."
                    )
            if kind == "email" and value:
                try:
                    validate_email(value)
                except ValidationError as exc:
                    raise ValueError(
                        f"\u201d{value}\u201d är inte en giltig e-postadress."
                    ) from exc
            if kind == "url" and value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError as exc:
                    raise ValueError(
                        f"\u201d{value}\u201d är inte en giltig webbadress; den ska börja med "
                        "https://."
                    ) from exc
            if kind == "id" and value and not value.isdigit():
                raise ValueError(f"\u201d{value}\u201d är inte ett id (ett heltal).")
            return value
        if kind == "org_number":
            value = parse_text(raw)
            if not value:
                raise ValueError("Organisationsnummer saknas. Fyll i kolumnen.")
            try:
                return _normalised_org(value)
            except StdnumError as exc:
                raise ValueError(
                    f"Ogiltigt organisationsnummer {value}: ange tio siffror med korrekt "
                    "kontrollsiffra, t.ex. 556036-0793."
                ) from exc
        if kind == "choice":
            choices = CHOICES[(owner, column.key)]
            text = parse_text(raw)
            if not text:
                if column.required:
                    raise ValueError("Värde saknas. Fyll i kolumnen.")
                return CHOICE_DEFAULTS[(owner, column.key)]
            for value, label in choices.choices:
                if text.casefold() in {value.casefold(), label.casefold()}:
                    return value
            valid = ", ".join(label for _, label in choices.choices)
            raise ValueError(f"Okänt värde \u201d{text}\u201d. Giltiga värden är: {valid}.")
        if kind == "bool":
            return parse_bool(raw)
        if kind == "date":
            value = parse_date(raw)
            if value is None and column.required:
                raise ValueError("Datum saknas. Skriv datum som ÅÅÅÅ-MM-DD.")
            return value
        if kind == "int":
            value = parse_int(raw)
            if value is not None and value < 0:
                raise ValueError(f"Värdet får inte vara negativt ({value}).")
            if value is not None and value > 2_147_483_647:
                raise ValueError("Talet är för stort.")
            return value
        if kind == "decimal":
            value = parse_decimal(raw)
            if value is None:
                return None
            if value < 0:
                raise ValueError(f"Värdet får inte vara negativt ({raw}).")
            field_ = _field(MODELS[owner], column.key)
            value = value.quantize(CENT)
            if len(value.as_tuple().digits) > field_.max_digits:
                raise ValueError("Talet är för stort.")
            return value
        raise AssertionError(kind)  # pragma: no cover

    # --- providers and units ----------------------------------------------------------------

    def _plan_unit_sheet(self, sheet: RawSheet):
        first_seen: dict[str, tuple[int, dict]] = {}
        present_headers = {c.header for c in sheet.columns}
        for number, row in sheet.rows:
            before = len(self.problems)
            values = {}
            for column in PROVIDER_COLUMNS:
                values[column.key] = self._value(
                    sheet, number, "provider", column, row.get(column.header)
                )
            org = values["org_number"]
            if org is _INVALID:
                raw_org = parse_text(row.get("Organisationsnummer"))
                self.bad_orgs.add(raw_org)
                continue
            existing = self.existing_providers.get(org)
            if existing is not None and existing.deleted_at is not None:
                self.problem(
                    sheet,
                    number,
                    "Organisationsnummer",
                    f"Utföraren {existing.name} ({org}) är borttagen i Insyn. Återställ den "
                    "först eller ta bort raden ur filen.",
                )
                self.bad_orgs.add(org)
                continue
            if org in first_seen:
                first_row, first_values = first_seen[org]
                for column in PROVIDER_COLUMNS:
                    new, old = values[column.key], first_values[column.key]
                    if new is _INVALID or old is _INVALID or new == old:
                        continue
                    self.problem(
                        sheet,
                        number,
                        column,
                        f"Organisationsnumret {org} finns redan på rad {first_row} men med ett "
                        f"annat värde (\u201d{_shown(new)}\u201d här, \u201d{_shown(old)}\u201d "
                        f"på rad {first_row}). Samma utförare måste ha samma uppgifter på alla "
                        "rader.",
                    )
            else:
                first_seen[org] = (number, values)
                if len(self.problems) == before:
                    self._plan_provider(org, values, number)
                else:
                    self.bad_orgs.add(org)
            self._plan_unit_row(sheet, number, row, org, present_headers)

    def _plan_provider(self, org, values, number):
        existing = self.existing_providers.get(org)
        if existing is None:
            provider = Provider(**values)
            self.providers[org] = _Planned(provider, None, number)
            return
        planned = _Planned(copy.copy(existing), existing, number)
        for key in PROVIDER_FIELDS:
            if key == "org_number":
                continue
            if _normalise_for_compare(getattr(existing, key)) != _normalise_for_compare(
                values[key]
            ):
                setattr(planned.obj, key, values[key])
                planned.changed.append(key)
        self.providers[org] = planned

    def _plan_unit_row(self, sheet, number, row, org, present_headers):
        raw_unit = {c.key: row.get(c.header) for c in UNIT_COLUMNS if c.header in present_headers}
        if all(parse_text(v) == "" for v in raw_unit.values()):
            return  # a provider without units
        before = len(self.problems)
        values = {}
        for column in UNIT_COLUMNS:
            if column.type == "ref":
                values[column.key] = parse_text(row.get(column.header))
            else:
                values[column.key] = self._value(
                    sheet, number, "unit", column, row.get(column.header)
                )
        name_column = UNIT_COLUMNS[1]
        if values["name"] == "":
            self.problem(
                sheet,
                number,
                name_column,
                "Verksamhetens namn saknas. Fyll i kolumnen "
                "eller lämna alla verksamhetskolumner tomma.",
            )
        category_column = UNIT_COLUMNS[2]
        category = self.categories.get(values["category"].casefold())
        if not values["category"]:
            self.problem(
                sheet,
                number,
                category_column,
                "Kategori saknas. Giltiga kategorier är: " + ", ".join(self.category_names) + ".",
            )
        elif category is None:
            self.problem(
                sheet,
                number,
                category_column,
                f"Okänd kategori \u201d{values['category']}\u201d. Giltiga kategorier är: "
                + ", ".join(self.category_names)
                + ".",
            )
        district = None
        if values["district"]:
            district = self.districts.get(values["district"].casefold())
            if district is None:
                names = ", ".join(sorted(d.name for d in self.districts.values())) or "inga"
                self.problem(
                    sheet,
                    number,
                    "Stadsdel",
                    f"Okänd stadsdel \u201d{values['district']}\u201d. "
                    f"Stadsdelar i Insyn: {names}.",
                )
        places, vacancies = values["places"], values["vacancies"]
        if isinstance(places, int) and isinstance(vacancies, int) and vacancies > places:
            self.problem(
                sheet,
                number,
                "Lediga platser",
                f"Lediga platser ({vacancies}) kan inte vara fler än antal platser ({places}).",
            )
        age_min, age_max = values["target_age_min"], values["target_age_max"]
        if isinstance(age_min, int) and isinstance(age_max, int) and age_min > age_max:
            self.problem(
                sheet, number, "Ålder till", "Åldern till kan inte vara lägre än åldern från."
            )
        if len(self.problems) != before or org in self.bad_orgs:
            return
        # Identity: id column, else provider + name.
        unit_id = values.pop("id")
        existing = None
        if unit_id:
            existing = self.existing_units_by_id.get(int(unit_id))
            provider = self.existing_providers.get(org)
            if existing is None or provider is None or existing.provider_id != provider.pk:
                self.problem(
                    sheet,
                    number,
                    "Verksamhets-id",
                    f"Det finns ingen verksamhet med id {unit_id} hos utföraren {org}. Lämna "
                    "kolumnen tom för en ny verksamhet.",
                )
                return
        else:
            provider = self.existing_providers.get(org)
            if provider is not None:
                same_name = self.existing_units_by_name[provider.pk].get(
                    values["name"].casefold(), []
                )
                if len(same_name) > 1:
                    self.problem(
                        sheet,
                        number,
                        name_column,
                        f"{len(same_name)} verksamheter hos {org} heter \u201d{values['name']}"
                        "\u201d. Ange verksamhetens id i kolumnen \u201dVerksamhets-id\u201d.",
                    )
                    return
                existing = same_name[0] if same_name else None
        key = (org, f"#{existing.pk}" if existing else values["name"].casefold())
        clash = self.units.get(key)
        if clash is not None:
            self.problem(
                sheet,
                number,
                name_column,
                f"Verksamheten \u201d{values['name']}\u201d hos {org} finns redan på rad "
                f"{clash.row}. Varje verksamhet får bara finnas på en rad.",
            )
            return
        values["category"] = category
        values["district"] = district
        if existing is None:
            planned = _Planned(Unit(**values), None, number)
            planned.org = org
        else:
            planned = _Planned(copy.copy(existing), existing, number)
            for key_ in UNIT_FIELDS:
                new = values[key_]
                if key_ in {"category", "district"}:
                    old_id, new_id = getattr(existing, f"{key_}_id"), new.pk if new else None
                    if old_id != new_id:
                        setattr(planned.obj, key_, new)
                        planned.changed.append(key_)
                    continue
                if _normalise_for_compare(getattr(existing, key_)) != _normalise_for_compare(new):
                    setattr(planned.obj, key_, new)
                    planned.changed.append(key_)
            if (
                "vacancies" in planned.changed
                and planned.obj.vacancies is not None
                and values["vacancies_confirmed_on"] in (None, existing.vacancies_confirmed_on)
            ):
                # As in the edit form: new vacancy figures are confirmed today unless the
                # file gives a new date of its own.
                planned.obj.vacancies_confirmed_on = timezone.localdate()
                if "vacancies_confirmed_on" not in planned.changed:
                    planned.changed.append("vacancies_confirmed_on")
            planned.org = org
        self.units[key] = planned
        self.units_by_org[org].setdefault(values["name"].casefold(), []).append(planned)
        if existing is not None:
            self.units_by_org[org][f"#{existing.pk}"] = planned

    # --- contracts --------------------------------------------------------------------------

    def _plan_contract_sheet(self, sheet: RawSheet):
        seen: dict[object, int] = {}
        by_key = {c.key: c for c in CONTRACT_COLUMNS}
        for number, row in sheet.rows:
            before = len(self.problems)
            values = {}
            for column in CONTRACT_COLUMNS:
                values[column.key] = self._value(
                    sheet, number, "contract", column, row.get(column.header)
                )
            org = values["org_number"]
            start, end = values["start_date"], values["end_date"]
            if start not in (None, _INVALID) and end not in (None, _INVALID) and end < start:
                self.problem(
                    sheet,
                    number,
                    by_key["end_date"],
                    f"Slutdatum {end.isoformat()} är före startdatum {start.isoformat()}.",
                )
            provider = None
            if org is not _INVALID:
                provider = self.existing_providers.get(org)
                planned_provider = self.providers.get(org)
                if planned_provider is None and (provider is None or provider.deleted_at):
                    if org not in self.bad_orgs:
                        self.problem(
                            sheet,
                            number,
                            by_key["org_number"],
                            f"Det finns ingen utförare med organisationsnummer {org} i Insyn "
                            "eller i filen. Lägg till utföraren först.",
                        )
                    continue
            committee = owner = None
            if values["committee"]:
                committee = self.committees.get(values["committee"].casefold())
                if committee is None:
                    names = ", ".join(sorted(c.name for c in self.committees.values())) or "inga"
                    self.problem(
                        sheet,
                        number,
                        by_key["committee"],
                        f"Okänd nämnd \u201d{values['committee']}\u201d. Nämnder i Insyn: {names}.",
                    )
            if values["owner"]:
                owner = self.users.get(values["owner"].casefold())
                if owner is None:
                    self.problem(
                        sheet,
                        number,
                        by_key["owner"],
                        f"Det finns ingen användare med användarnamnet \u201d{values['owner']}"
                        "\u201d.",
                    )
            requirements = self._requirements(sheet, number, values["requirements"], by_key)
            if len(self.problems) != before or org is _INVALID:
                continue
            unit_refs = self._unit_refs(sheet, number, org, values["units"], by_key["units"])
            if unit_refs is None:
                continue
            existing = self._match_contract(sheet, number, org, provider, values, by_key)
            if existing is _INVALID:
                continue
            identity = (
                existing.pk
                if existing
                else (
                    org,
                    values["diary_number"].casefold() or values["title"].casefold(),
                    None if values["diary_number"] else start,
                )
            )
            if identity in seen:
                self.problem(
                    sheet,
                    number,
                    by_key["diary_number"] if values["diary_number"] else by_key["title"],
                    f"Avtalet finns redan på rad {seen[identity]}. Varje avtal får bara finnas på "
                    "en rad.",
                )
                continue
            seen[identity] = number
            fields = {k: values[k] for k in CONTRACT_FIELDS}
            fields["committee"], fields["owner"] = committee, owner
            self._plan_contract(org, existing, fields, unit_refs, requirements, number)

    def _requirements(self, sheet, number, text, by_key):
        if text is _INVALID or not text:
            return []
        items = []
        for part in text.split(REQUIREMENT_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            match = _REQUIREMENT.match(part)
            clause, requirement = (
                (match.group(1).strip(), match.group(2).strip()) if match else ("", part)
            )
            if not requirement:
                self.problem(
                    sheet,
                    number,
                    by_key["requirements"],
                    f"Kravet \u201d{part}\u201d saknar text efter avtalspunkten.",
                )
                continue
            if len(clause) > 60 or len(requirement) > 500:
                self.problem(
                    sheet,
                    number,
                    by_key["requirements"],
                    f"Kravet \u201d{part[:40]}…\u201d är för långt: avtalspunkten får vara högst "
                    "60 tecken och kravtexten högst 500.",
                )
                continue
            items.append((clause, requirement))
        return items

    def _unit_refs(self, sheet, number, org, text, column):
        refs = []
        if not text:
            return refs
        known = self.units_by_org.get(org, {})
        provider = self.existing_providers.get(org)
        existing_by_name = self.existing_units_by_name.get(provider.pk, {}) if provider else {}
        ok = True
        for part in text.split(UNIT_LIST_SEPARATOR):
            name = part.strip()
            if not name:
                continue
            key = name.casefold()
            # Every unit this name can mean: planned in the file, or already in Insyn.
            candidates = {}
            for planned in known.get(key, []):
                candidates[planned.old.pk if planned.old else id(planned)] = planned
            for unit in existing_by_name.get(key, []):
                candidates.setdefault(unit.pk, known.get(f"#{unit.pk}") or unit)
            if len(candidates) > 1:
                self.problem(
                    sheet,
                    number,
                    column,
                    f"Flera verksamheter hos {org} heter \u201d{name}\u201d. Ange "
                    "verksamhetens id i stället för namnet.",
                )
                ok = False
                continue
            target = next(iter(candidates.values()), None)
            if target is None and name.isdigit():
                unit = self.existing_units_by_id.get(int(name))
                if unit is not None and provider is not None and unit.provider_id == provider.pk:
                    target = known.get(f"#{unit.pk}") or unit
            if target is None:
                self.problem(
                    sheet,
                    number,
                    column,
                    f"Verksamheten \u201d{name}\u201d finns inte hos utföraren {org}. Ange "
                    "verksamheternas namn eller id åtskilda med semikolon.",
                )
                ok = False
                continue
            refs.append(target)
        return refs if ok else None

    def _match_contract(self, sheet, number, org, provider, values, by_key):
        if values["id"]:
            contract = self.existing_contracts_by_id.get(int(values["id"]))
            if contract is None or provider is None or contract.provider_id != provider.pk:
                self.problem(
                    sheet,
                    number,
                    by_key["id"],
                    f"Det finns inget avtal med id {values['id']} hos utföraren {org}. Lämna "
                    "kolumnen tom för ett nytt avtal.",
                )
                return _INVALID
            return contract
        if provider is None:
            return None
        if values["diary_number"]:
            found = self.contracts_by_diary.get((provider.pk, values["diary_number"].casefold()))
        else:
            found = self.contracts_by_title.get(
                (provider.pk, values["title"].casefold(), values["start_date"])
            )
        if not found:
            return None
        if len(found) > 1:
            self.problem(
                sheet,
                number,
                by_key["diary_number"] if values["diary_number"] else by_key["title"],
                f"{len(found)} avtal hos {org} matchar raden. Ange avtalets id i kolumnen "
                "\u201dAvtals-id\u201d.",
            )
            return _INVALID
        return found[0]

    def _plan_contract(self, org, existing, fields, unit_refs, requirements, number):
        if existing is None:
            planned = _Planned(Contract(**fields), None, number)
        else:
            planned = _Planned(copy.copy(existing), existing, number)
            for key, new in fields.items():
                if key in {"committee", "owner"}:
                    if getattr(existing, f"{key}_id") != (new.pk if new else None):
                        setattr(planned.obj, key, new)
                        planned.changed.append(key)
                    continue
                if _normalise_for_compare(getattr(existing, key)) != _normalise_for_compare(new):
                    setattr(planned.obj, key, new)
                    planned.changed.append(key)
        planned.org = org
        planned.unit_refs = unit_refs
        planned.requirements = requirements
        if existing is not None:
            current_units = self.contract_units.get(existing.pk, set())
            wanted_existing = {ref.pk for ref in unit_refs if isinstance(ref, Unit)}
            has_new_units = any(isinstance(ref, _Planned) and ref.is_new for ref in unit_refs)
            wanted_existing |= {
                ref.old.pk for ref in unit_refs if isinstance(ref, _Planned) and not ref.is_new
            }
            if has_new_units or wanted_existing != current_units:
                planned.changed.append("units")
            current_reqs = sorted(
                (r.clause, r.text) for r in self.contract_requirements.get(existing.pk, [])
            )
            if current_reqs != sorted(requirements):
                planned.changed.append("requirements")
        self.contracts.append(planned)

    # --- writing ------------------------------------------------------------------------------

    @transaction.atomic
    def _write(self):
        now = timezone.now()
        self.log_entries: list[LogEntry] = []
        self.cid = get_cid()
        with disable_auditlog():
            self._write_providers(now)
            self._write_units(now)
            self._write_contracts(now)
            LogEntry.objects.bulk_create(self.log_entries, batch_size=BATCH)

    def _log(self, action, obj, changes):
        if not changes:
            return
        pk = obj.pk
        self.log_entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(obj.__class__),
                object_pk=str(pk),
                object_id=pk,
                object_repr=smart_str(obj),
                action=action,
                changes=changes,
                actor=self.user,
                actor_email=getattr(self.user, "email", None) if self.user else None,
                cid=self.cid,
            )
        )

    def _diff(self, old, new):
        return model_instance_diff(
            old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )

    def _update_diff(self, planned):
        # Only the fields we changed can differ; auditlog compares the same concrete fields.
        fields = [f for f in planned.changed if f not in {"units", "requirements"}]
        return model_instance_diff(
            planned.old,
            planned.obj,
            fields_to_check=[*fields, "updated_at"],
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )

    def _write_model(self, model, planned_items, now):
        created = [p.obj for p in planned_items if p.is_new]
        updated = [p for p in planned_items if not p.is_new and p.changed]
        model.objects.bulk_create(created, batch_size=BATCH)
        for obj in created:
            self._log(LogEntry.Action.CREATE, obj, create_diff(obj))
        fields = sorted(
            {f for p in updated for f in p.changed if f not in {"units", "requirements"}}
        )
        if updated and fields:
            changed_rows = [p for p in updated if set(p.changed) - {"units", "requirements"}]
            for p in changed_rows:
                p.obj.updated_at = now
            model.objects.bulk_update(
                [p.obj for p in changed_rows], [*fields, "updated_at"], batch_size=BATCH
            )
            for p in changed_rows:
                self._log(LogEntry.Action.UPDATE, p.obj, self._update_diff(p))

    def _write_providers(self, now):
        self._write_model(Provider, list(self.providers.values()), now)

    def _write_units(self, now):
        for planned in self.units.values():
            if planned.is_new:
                org = planned.org
                provider = self.providers.get(org)
                planned.obj.provider = provider.obj if provider else self.existing_providers[org]
        self._write_model(Unit, list(self.units.values()), now)

    def _write_contracts(self, now):
        for planned in self.contracts:
            if planned.is_new:
                provider = self.providers.get(planned.org)
                planned.obj.provider = (
                    provider.obj if provider else self.existing_providers[planned.org]
                )
        self._write_model(Contract, self.contracts, now)
        through = Contract.units.through
        add_rows, remove_pairs, new_reqs, old_reqs = [], [], [], []
        for planned in self.contracts:
            contract = planned.obj
            wanted = {}
            for ref in planned.unit_refs:
                unit = ref.obj if isinstance(ref, _Planned) else ref
                wanted[unit.pk] = unit
            current = set() if planned.is_new else self.contract_units.get(contract.pk, set())
            added = [u for pk, u in wanted.items() if pk not in current]
            removed = current - wanted.keys()
            if added:
                add_rows.extend(through(contract_id=contract.pk, unit_id=u.pk) for u in added)
                self._log(LogEntry.Action.UPDATE, contract, _m2m("add", added))
            if removed:
                remove_pairs.append((contract.pk, removed))
                gone = [
                    self.existing_units_by_id.get(pk) or Unit.all_objects.get(pk=pk)
                    for pk in removed
                ]
                self._log(LogEntry.Action.UPDATE, contract, _m2m("delete", gone))
            current_reqs = [] if planned.is_new else self.contract_requirements.get(contract.pk, [])
            wanted_reqs = list(planned.requirements)
            for requirement in current_reqs:
                pair = (requirement.clause, requirement.text)
                if pair in wanted_reqs:
                    wanted_reqs.remove(pair)
                else:
                    old_reqs.append(requirement)
            new_reqs.extend(
                ContractRequirement(contract=contract, clause=clause, text=text)
                for clause, text in wanted_reqs
            )
        for contract_id, unit_ids in remove_pairs:
            through.objects.filter(contract_id=contract_id, unit_id__in=unit_ids).delete()
        through.objects.bulk_create(add_rows, batch_size=BATCH)
        for requirement in old_reqs:
            self._log(LogEntry.Action.DELETE, requirement, self._diff(requirement, None))
        if old_reqs:
            ContractRequirement.objects.filter(pk__in=[r.pk for r in old_reqs]).delete()
        ContractRequirement.objects.bulk_create(new_reqs, batch_size=BATCH)
        for requirement in new_reqs:
            self._log(LogEntry.Action.CREATE, requirement, create_diff(requirement))


@functools.lru_cache(maxsize=65536)
def _normalised_org(value: str) -> str:
    # A provider's number repeats on each of its units' rows; python-stdnum checks it once.
    return orgnr.format(orgnr.validate(value))


@functools.cache
def _field(model, name):
    return model._meta.get_field(name)


@functools.cache
def _concrete_fields(model) -> tuple:
    """(name, attribute, kind) per concrete field, as auditlog's diff reads them."""
    return tuple(
        (
            f.name,
            f.attname,
            "datetime"
            if isinstance(f, DateTimeField)
            else "fk"
            if f.many_to_one or f.one_to_one
            else "",
        )
        for f in model._meta.concrete_fields
        if track_field(f)
    )


_reverse_entries: dict = {}


def create_diff(obj) -> dict | None:
    """What `auditlog.diff.model_instance_diff(None, obj)` returns, at a fraction of its cost.

    auditlog also lists reverse relations on creation (their text is the same for every new
    object of a model), so those are taken once per model from auditlog itself and reused;
    the concrete fields are read directly. A test compares the result with auditlog's own.
    """
    if settings.AUDITLOG_STORE_JSON_CHANGES or settings.AUDITLOG_USE_FK_STRING_REPRESENTATION:
        return model_instance_diff(None, obj, use_json_for_changes=True)
    model = obj.__class__
    fields = _concrete_fields(model)
    if model not in _reverse_entries:
        full = model_instance_diff(None, obj) or {}
        names = {name for name, _, _ in fields}
        _reverse_entries[model] = {k: v for k, v in full.items() if k not in names}
    diff = {}
    for name, attname, kind in fields:
        value = getattr(obj, attname)
        if kind and value is None:
            # auditlog compares the text "None" with None for these, so it lists them empty.
            diff[name] = ("None", "None")
            continue
        if kind == "datetime" and not timezone.is_naive(value):
            value = timezone.make_naive(value, timezone=dt.UTC)
        text = smart_str(value)
        if text != "None":
            diff[name] = ("None", text)
    diff.update(_reverse_entries[model])
    return diff or None


def _m2m(operation, units) -> dict:
    """The shape auditlog's own m2m receiver writes for a changed `units` relation."""
    return {
        "units": {"type": "m2m", "operation": operation, "objects": [smart_str(u) for u in units]}
    }


def _shown(value) -> str:
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return "" if value is None else str(value)


class _Invalid:
    def __repr__(self):
        return "<invalid>"


_INVALID = _Invalid()

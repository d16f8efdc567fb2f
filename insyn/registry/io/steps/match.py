"""Step 3, match: which existing record each row is, and what the file changes in it.

`match(sheets)` loads what the file refers to (one query per table in chunked IN lists,
never a SELECT per row, see `Existing`), converts every cell (step 2), matches each row to an
existing provider, unit or contract or plans a new one, and returns the `Plan` and every
problem with its sheet, row and column. Nothing is written here.

Matching (so a re-import updates instead of duplicating):
- providers by organisationsnummer;
- units by "Verksamhets-id" when given, else by provider + unit name (case-insensitive);
- contracts by "Avtals-id" when given, else by provider + diary number, else by provider +
  title (case-insensitive) + start date.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.models import OrgUnit

from ... import services
from ...constants import ContractType
from ...models import Category, Contract, ContractRequirement, Provider, Unit
from ...queries import running_framework_contracts
from ..columns import (
    CONTRACT_COLUMNS,
    PROVIDER_COLUMNS,
    UNIT_COLUMNS,
    UNIT_LIST_SEPARATOR,
    Column,
)
from ..constants import SheetKind
from ..readers import Problem, RawSheet, parse_text
from .convert import convert, normalised_org, split_requirements

IN_CHUNK = 2000
CENT = Decimal("0.01")
# Each kind's fields as compared and written (the FK fields are compared by id).
PROVIDER_FIELDS = [c.key for c in PROVIDER_COLUMNS]
UNIT_FIELDS = [c.key for c in UNIT_COLUMNS if c.key != "id"]
CONTRACT_FIELDS = [
    c.key for c in CONTRACT_COLUMNS if c.key not in {"id", "org_number", "units", "requirements"}
]


class _Invalid:
    def __repr__(self):
        return "<invalid>"


INVALID = _Invalid()  # a cell whose problem is already reported


@dataclass
class Planned:
    """One record as the file wants it: the instance to write, its old state, its first row."""

    obj: object
    old: object | None
    row: int
    changed: list[str] = field(default_factory=list)
    org: str = ""
    unit_refs: list = field(default_factory=list)  # contracts: Planned units or Units
    sheet: str = ""  # the sheet of its row (units: for problems found after matching)
    requirements: list = field(default_factory=list)  # contracts: (clause, text, essential)

    @property
    def is_new(self) -> bool:
        return self.old is None


@dataclass
class Plan:
    """What the write step stores: planned records by kind, and what they were matched to."""

    existing: "Existing"
    providers: dict[str, Planned] = field(default_factory=dict)  # by org number
    units: dict[tuple[str, str], Planned] = field(default_factory=dict)
    contracts: list[Planned] = field(default_factory=list)

    def counts(self) -> dict:
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


def match(sheets: list[RawSheet]) -> tuple[Plan, list[Problem]]:
    """The plan for these sheets (units sheets first) and every problem found on the way."""
    matcher = _Matcher(Existing.load(sheets))
    for sheet in sheets:
        if sheet.kind == SheetKind.UNITS:
            matcher.unit_sheet(sheet)
    for sheet in sheets:
        if sheet.kind == SheetKind.CONTRACTS:
            matcher.contract_sheet(sheet)
    # After the contracts: a framework agreement in the same file may cover a unit.
    matcher.framework_prices()
    return matcher.plan, matcher.problems


def chunks(values, size=IN_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def same_value_key(value):
    """Values as compared for "changed": prices at two decimals, whatever the database gave."""
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return value


def _shown(value) -> str:
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return "" if value is None else str(value)


def clean_org(raw) -> str | None:
    try:
        return normalised_org(parse_text(raw))
    except ValidationError:
        return None


class Existing:
    """The register as far as the sheets refer to it, loaded with one query per table."""

    @classmethod
    def load(cls, sheets: list[RawSheet]) -> "Existing":
        db = cls()
        db._load_lookups()
        db._load_records(sheets)
        return db

    def _load_lookups(self):
        self.categories: dict[str, Category] = {}
        for category in Category.objects.all():
            self.categories[category.name.casefold()] = category
            self.categories[category.code.casefold()] = category
        self.category_names = [c.name for c in Category.objects.filter(active=True)]
        self.districts = self._org_units(OrgUnitKind.DISTRICT)
        self.committees = self._org_units(OrgUnitKind.COMMITTEE)

    @staticmethod
    def _org_units(kind) -> dict[str, OrgUnit]:
        found: dict[str, OrgUnit] = {}
        for org_unit in OrgUnit.objects.filter(kind=kind).order_by("pk"):
            found.setdefault(org_unit.name.casefold(), org_unit)
        return found

    def _load_records(self, sheets):
        org_numbers, unit_ids, contract_ids, usernames = set(), set(), set(), set()
        for sheet in sheets:
            for _, row in sheet.rows:
                org = clean_org(row.get("Organisationsnummer"))
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
        self.providers: dict[str, Provider] = {}
        for chunk in chunks(org_numbers):
            for provider in Provider.all_objects.filter(org_number__in=chunk):
                self.providers[provider.org_number] = provider
        provider_ids = [p.pk for p in self.providers.values()]
        self.units_by_name: dict[int, dict[str, list[Unit]]] = defaultdict(dict)
        self.units_by_id: dict[int, Unit] = {}
        for chunk in chunks(provider_ids):
            for unit in Unit.objects.filter(provider_id__in=chunk).order_by("pk"):
                names = self.units_by_name[unit.provider_id]
                names.setdefault(unit.name.casefold(), []).append(unit)
                self.units_by_id[unit.pk] = unit
        missing_ids = unit_ids - self.units_by_id.keys()
        for chunk in chunks(missing_ids):
            for unit in Unit.objects.filter(pk__in=chunk).select_related("provider"):
                self.units_by_id[unit.pk] = unit
        self.contracts_by_id: dict[int, Contract] = {}
        for chunk in chunks(provider_ids):
            for contract in Contract.objects.filter(provider_id__in=chunk):
                self.contracts_by_id[contract.pk] = contract
        for chunk in chunks(contract_ids - self.contracts_by_id.keys()):
            for contract in Contract.objects.filter(pk__in=chunk):
                self.contracts_by_id[contract.pk] = contract
        self.contracts_by_diary: dict[tuple[int, str], list[Contract]] = defaultdict(list)
        self.contracts_by_title: dict[tuple[int, str, object], list[Contract]] = defaultdict(list)
        for contract in self.contracts_by_id.values():
            if contract.diary_number:
                key = (contract.provider_id, contract.diary_number.casefold())
                self.contracts_by_diary[key].append(contract)
            title_key = (contract.provider_id, contract.title.casefold(), contract.start_date)
            self.contracts_by_title[title_key].append(contract)
        self.contract_units: dict[int, set[int]] = defaultdict(set)
        self.contract_requirements: dict[int, list[ContractRequirement]] = defaultdict(list)
        through = Contract.units.through
        for chunk in chunks(self.contracts_by_id.keys()):
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


def _unit_key(ref):
    """A unit of the plan as one key, whether planned (new or changed) or only referred to."""
    if isinstance(ref, Planned):
        return ref.old.pk if ref.old is not None else id(ref)
    return ref.pk


class _Matcher:
    """Goes through the rows once, building the plan and the problems."""

    def __init__(self, db: Existing):
        self.db = db
        self.plan = Plan(existing=db)
        self.problems: list[Problem] = []
        self.providers = self.plan.providers
        self.units = self.plan.units
        self.contracts = self.plan.contracts
        # Per org number: "#<pk>" -> the planned existing unit, name -> planned units so named.
        self.units_by_org: dict[str, dict[str, object]] = defaultdict(dict)
        self.bad_orgs: set[str] = set()

    def problem(self, sheet: RawSheet, row: int, column: Column | str, message: str):
        header = column.header if isinstance(column, Column) else column
        self.problems.append(Problem(message, sheet=sheet.title, row=row, column=header))

    def _value(self, sheet, number, owner, column: Column, raw):
        """The cell converted (step 2); on a problem, records it and returns INVALID."""
        try:
            return convert(owner, column, raw)
        except ValueError as exc:
            self.problem(sheet, number, column, str(exc))
            return INVALID

    def unit_sheet(self, sheet: RawSheet):
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
            if org is INVALID:
                raw_org = parse_text(row.get("Organisationsnummer"))
                self.bad_orgs.add(raw_org)
                continue
            existing = self.db.providers.get(org)
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
                    if new is INVALID or old is INVALID or new == old:
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
        existing = self.db.providers.get(org)
        if existing is None:
            provider = Provider(**values)
            self.providers[org] = Planned(provider, None, number)
            return
        planned = Planned(copy.copy(existing), existing, number)
        for key in PROVIDER_FIELDS:
            if key == "org_number":
                continue
            if same_value_key(getattr(existing, key)) != same_value_key(values[key]):
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
        category = self.db.categories.get(values["category"].casefold())
        if not values["category"]:
            self.problem(
                sheet,
                number,
                category_column,
                "Kategori saknas. Giltiga kategorier är: "
                + ", ".join(self.db.category_names)
                + ".",
            )
        elif category is None:
            self.problem(
                sheet,
                number,
                category_column,
                f"Okänd kategori \u201d{values['category']}\u201d. Giltiga kategorier är: "
                + ", ".join(self.db.category_names)
                + ".",
            )
        district = None
        if values["district"]:
            district = self.db.districts.get(values["district"].casefold())
            if district is None:
                names = ", ".join(sorted(d.name for d in self.db.districts.values())) or "inga"
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
        values["category"] = category
        values["district"] = district
        existing = self._match_unit(sheet, number, org, values)
        if existing is not INVALID:
            self._plan_unit(org, existing, values, number).sheet = sheet.title

    def _match_unit(self, sheet, number, org, values):
        """The existing unit the row means (None for a new one), or INVALID with a problem.

        By the id column, else by provider + name; a unit twice in the file is a problem."""
        name_column = UNIT_COLUMNS[1]
        unit_id = values.pop("id")
        existing = None
        if unit_id:
            existing = self.db.units_by_id.get(int(unit_id))
            provider = self.db.providers.get(org)
            if existing is None or provider is None or existing.provider_id != provider.pk:
                self.problem(
                    sheet,
                    number,
                    "Verksamhets-id",
                    f"Det finns ingen verksamhet med id {unit_id} hos utföraren {org}. Lämna "
                    "kolumnen tom för en ny verksamhet.",
                )
                return INVALID
        else:
            provider = self.db.providers.get(org)
            if provider is not None:
                same_name = self.db.units_by_name[provider.pk].get(values["name"].casefold(), [])
                if len(same_name) > 1:
                    self.problem(
                        sheet,
                        number,
                        name_column,
                        f"{len(same_name)} verksamheter hos {org} heter \u201d{values['name']}"
                        "\u201d. Ange verksamhetens id i kolumnen \u201dVerksamhets-id\u201d.",
                    )
                    return INVALID
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
            return INVALID
        return existing

    def _plan_unit(self, org, existing, values, number):
        key = (org, f"#{existing.pk}" if existing else values["name"].casefold())
        if existing is None:
            planned = Planned(Unit(**values), None, number)
            planned.org = org
        else:
            planned = Planned(copy.copy(existing), existing, number)
            for key_ in UNIT_FIELDS:
                new = values[key_]
                if key_ in {"category", "district"}:
                    old_id, new_id = getattr(existing, f"{key_}_id"), new.pk if new else None
                    if old_id != new_id:
                        setattr(planned.obj, key_, new)
                        planned.changed.append(key_)
                    continue
                if same_value_key(getattr(existing, key_)) != same_value_key(new):
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
        return planned

    def framework_prices(self):
        """The unit form's rule of the framework price (`services.framework_price_refused`)
        for every unit of the file whose "Pris per dygn ramavtal" is new or changed: refused
        unless a running framework agreement covers the unit, in the register or in this
        file's contracts sheet. As in the form, a new unit is covered when its provider has
        a running framework agreement to join. Two queries, whatever the number of units.
        """
        today = timezone.localdate()
        pending = [
            planned
            for planned in self.units.values()
            if planned.obj.price_per_day_framework is not None
            and (planned.is_new or "price_per_day_framework" in planned.changed)
        ]
        if not pending:
            return
        in_file = set()  # units on a running framework agreement of the file: pk or id()
        for contract in self.contracts:
            obj = contract.obj
            if obj.contract_type != ContractType.FRAMEWORK or not obj.is_running(today):
                continue
            for ref in contract.unit_refs:
                in_file.add(_unit_key(ref))
        running = running_framework_contracts(today)
        existing_ids = [p.old.pk for p in pending if not p.is_new]
        on_agreement = set(
            Contract.units.through.objects.filter(
                contract__in=running, unit_id__in=existing_ids
            ).values_list("unit_id", flat=True)
        )
        # A new unit's provider: in the register already, or new in this file (then None).
        provider_of = {
            id(p): getattr(self.db.providers.get(p.org), "pk", None) for p in pending if p.is_new
        }
        provider_ids = {pk for pk in provider_of.values() if pk is not None}
        providers_with = set(
            running.filter(provider_id__in=provider_ids).values_list("provider_id", flat=True)
        )
        for planned in pending:

            def covered(planned=planned):
                if _unit_key(planned) in in_file:
                    return True
                if planned.is_new:
                    return provider_of[id(planned)] in providers_with
                return planned.old.pk in on_agreement

            saved = None if planned.is_new else planned.old.price_per_day_framework
            if services.framework_price_refused(
                planned.obj.price_per_day_framework, saved, covered
            ):
                self.problems.append(
                    Problem(
                        services.FRAMEWORK_PRICE_WITHOUT_AGREEMENT,
                        sheet=planned.sheet,
                        row=planned.row,
                        column="Pris per dygn ramavtal",
                    )
                )

    # --- contracts --------------------------------------------------------------------------

    def contract_sheet(self, sheet: RawSheet):
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
            if start not in (None, INVALID) and end not in (None, INVALID) and end < start:
                self.problem(
                    sheet,
                    number,
                    by_key["end_date"],
                    f"Slutdatum {end.isoformat()} är före startdatum {start.isoformat()}.",
                )
            provider = None
            if org is not INVALID:
                provider = self.db.providers.get(org)
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
                committee = self.db.committees.get(values["committee"].casefold())
                if committee is None:
                    names = ", ".join(sorted(c.name for c in self.db.committees.values())) or "inga"
                    self.problem(
                        sheet,
                        number,
                        by_key["committee"],
                        f"Okänd nämnd \u201d{values['committee']}\u201d. Nämnder i Insyn: {names}.",
                    )
            if values["owner"]:
                owner = self.db.users.get(values["owner"].casefold())
                if owner is None:
                    self.problem(
                        sheet,
                        number,
                        by_key["owner"],
                        f"Det finns ingen användare med användarnamnet \u201d{values['owner']}"
                        "\u201d.",
                    )
            requirements = self._requirements(sheet, number, values["requirements"], by_key)
            if len(self.problems) != before or org is INVALID:
                continue
            unit_refs = self._unit_refs(sheet, number, org, values["units"], by_key["units"])
            if unit_refs is None:
                continue
            existing = self._match_contract(sheet, number, org, provider, values, by_key)
            if existing is INVALID:
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
        if text is INVALID or not text:
            return []
        items, problems = split_requirements(text)
        for message in problems:
            self.problem(sheet, number, by_key["requirements"], message)
        return items

    def _unit_refs(self, sheet, number, org, text, column):
        refs = []
        if not text:
            return refs
        known = self.units_by_org.get(org, {})
        provider = self.db.providers.get(org)
        existing_by_name = self.db.units_by_name.get(provider.pk, {}) if provider else {}
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
                unit = self.db.units_by_id.get(int(name))
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
            contract = self.db.contracts_by_id.get(int(values["id"]))
            if contract is None or provider is None or contract.provider_id != provider.pk:
                self.problem(
                    sheet,
                    number,
                    by_key["id"],
                    f"Det finns inget avtal med id {values['id']} hos utföraren {org}. Lämna "
                    "kolumnen tom för ett nytt avtal.",
                )
                return INVALID
            return contract
        if provider is None:
            return None
        if values["diary_number"]:
            found = self.db.contracts_by_diary.get((provider.pk, values["diary_number"].casefold()))
        else:
            found = self.db.contracts_by_title.get(
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
            return INVALID
        return found[0]

    def _plan_contract(self, org, existing, fields, unit_refs, requirements, number):
        if existing is None:
            planned = Planned(Contract(**fields), None, number)
        else:
            planned = Planned(copy.copy(existing), existing, number)
            for key, new in fields.items():
                if key in {"committee", "owner"}:
                    if getattr(existing, f"{key}_id") != (new.pk if new else None):
                        setattr(planned.obj, key, new)
                        planned.changed.append(key)
                    continue
                if same_value_key(getattr(existing, key)) != same_value_key(new):
                    setattr(planned.obj, key, new)
                    planned.changed.append(key)
        planned.org = org
        planned.unit_refs = unit_refs
        planned.requirements = requirements
        if existing is not None:
            current_units = self.db.contract_units.get(existing.pk, set())
            wanted_existing = {ref.pk for ref in unit_refs if isinstance(ref, Unit)}
            has_new_units = any(isinstance(ref, Planned) and ref.is_new for ref in unit_refs)
            wanted_existing |= {
                ref.old.pk for ref in unit_refs if isinstance(ref, Planned) and not ref.is_new
            }
            if has_new_units or wanted_existing != current_units:
                planned.changed.append("units")
            current_reqs = sorted(
                (r.clause, r.text, r.essential)
                for r in self.db.contract_requirements.get(existing.pk, [])
            )
            if current_reqs != sorted(requirements):
                planned.changed.append("requirements")
        self.contracts.append(planned)

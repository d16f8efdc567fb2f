"""The import_registry and export_registry commands: exit codes, and that an export
re-imports without changing or duplicating anything (both formats)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.registry.io.exporter import contracts_csv_path
from insyn.registry.io.importer import import_files
from insyn.registry.models import Contract, ContractRequirement, Provider, Unit
from insyn.registry.tests.factories import (
    ContractFactory,
    ProviderFactory,
    UnitFactory,
    category,
)
from insyn.registry.tests.test_io_support import csv_bytes, unit_row

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_import_command_stores_a_valid_file_and_exits_0(tmp_path, controller):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([unit_row()]))
    code, out, _ = run("import_registry", str(path), "--user", controller.username)
    assert code == 0
    assert "Importen är klar: 1 ny utförare, 1 ny verksamhet." in out
    unit = Unit.objects.get()
    assert LogEntry.objects.get_for_object(unit).get().actor == controller


def test_import_command_dry_run_exits_0_and_stores_nothing(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([unit_row()]))
    code, out, _ = run("import_registry", str(path), "--dry-run")
    assert code == 0
    assert "Provkörning" in out
    assert not Provider.objects.exists()


def test_import_command_rejects_a_bad_file_with_the_row_report_and_exit_1(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([unit_row(), unit_row(Verksamhet="B", Kategori="Okänd")]))
    code, _, err = run("import_registry", str(path))
    assert code == 1
    assert "rad 3, kolumn ”Kategori”: Okänd kategori ”Okänd”" in err
    assert not Provider.objects.exists()


def test_import_command_dry_run_of_a_bad_file_exits_1(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([unit_row(Organisationsnummer="123")]))
    code, _, err = run("import_registry", str(path), "--dry-run")
    assert code == 1
    assert "Ogiltigt organisationsnummer" in err


@pytest.fixture
def register(admin_user):
    """A register with every column filled somewhere, and awkward text."""
    district = OrgUnitFactory(name="Hisingen", kind=OrgUnitKind.DISTRICT)
    committee = OrgUnitFactory(name="Socialnämnden", kind=OrgUnitKind.COMMITTEE)
    full = ProviderFactory(
        name='=HYPERLINK("http://evil.example")',
        street_address="Storgatan 1",
        postal_code="411 01",
        contact_name="<b>Anna</b> Andersson",
        phone="+46 31 12 34 56",
        website="https://omsorg.example.se",
        operation_form="nonprofit",
    )
    UnitFactory(
        provider=full,
        name="Hisingen; boende",
        category=category("lss-boende"),
        focus="Autism: vuxna",
        description="Rad ett\nRad två",
        target_age_min=18,
        target_age_max=64,
        target_gender="female",
        ivo_permit_number="1.2-345/2024",
        ivo_permit_date=dt.date(2024, 3, 1),
        places=8,
        vacancies=0,
        vacancies_confirmed_on=dt.date(2026, 1, 15),
        price_per_day_framework=Decimal("3500.50"),
        price_indication=Decimal("4100.00"),
        district=district,
        active=False,
    )
    second = UnitFactory(provider=full, name="Majorna", price_per_day_framework=None)
    UnitFactory(provider=full, name="MAJORNA")  # same name, other case: only ids tell them apart
    ProviderFactory(name="Utan verksamheter AB", active=False)
    contract = ContractFactory(
        provider=full,
        units=list(full.units.all()),
        committee=committee,
        owner=admin_user,
        extension_options="1+1 år",
        annual_value=Decimal("1234567.89"),
        description="-beskrivning",
    )
    contract.requirements.create(clause="5.2", text="Rutiner: avvikelser")
    contract.requirements.create(clause="", text="Krav utan punkt")
    ContractFactory(provider=second.provider, units=[second], end_date=None, diary_number="")
    return full


def snapshot():
    return (
        Provider.all_objects.count(),
        Unit.all_objects.count(),
        Contract.all_objects.count(),
        ContractRequirement.objects.count(),
        Contract.units.through.objects.count(),
        LogEntry.objects.count(),
        sorted(Provider.objects.values_list("updated_at", flat=True)),
        sorted(Unit.objects.values_list("updated_at", flat=True)),
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(tmp_path, register, suffix):
    path = tmp_path / f"register{suffix}"
    code, out, _ = run("export_registry", str(path))
    assert code == 0
    files = [path] if suffix == ".xlsx" else [path, contracts_csv_path(path)]
    assert all(f.exists() for f in files)
    before = snapshot()
    result = import_files(files, None)
    assert result.stored, result.report()
    for kind in ("providers", "units", "contracts"):
        assert result.count(kind, "created") == 0, kind
        assert result.count(kind, "updated") == 0, kind
    assert snapshot() == before
    code, out, _ = run("import_registry", *map(str, files))
    assert code == 0
    assert snapshot() == before


def test_csv_export_writes_contracts_next_to_the_file(tmp_path, register):
    path = tmp_path / "hela.csv"
    run("export_registry", str(path))
    assert (tmp_path / "hela-avtal.csv").read_text(encoding="utf-8-sig").startswith("Avtals-id;")


def test_export_then_edit_then_import_updates_only_what_changed(tmp_path, register):
    path = tmp_path / "register.csv"
    run("export_registry", str(path))
    text = path.read_text(encoding="utf-8-sig").replace("Majorna;", "Majorna centrum;")
    path.write_text(text, encoding="utf-8-sig")
    result = import_files([path, contracts_csv_path(path)], None)
    assert result.stored, result.report()
    assert result.count("units", "updated") == 1
    assert result.count("providers", "updated") == 0
    assert Unit.objects.filter(name="Majorna centrum").exists()


def test_export_command_refuses_other_file_types(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"\.xlsx eller \.csv"):
        call_command("export_registry", str(tmp_path / "register.pdf"))

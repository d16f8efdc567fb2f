import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from insyn.core.management.commands.run_daily_jobs import daily_commands
from insyn.registry.tests.factories import ContractFactory, ProviderFactory
from insyn.suppliers.constants import CheckKind, Result
from insyn.suppliers.models import RefreshRun, SupplierCheck

pytestmark = pytest.mark.django_db


def test_nightly_job_is_listed_before_the_risk_snapshot():
    names = daily_commands()
    assert names.index("supplier_checks") < names.index("snapshot_risk")


def test_refresh_checks_providers_with_running_contracts_within_budget(registers, settings):
    settings.INSYN["SUPPLIERS"]["NIGHTLY_BUDGET"] = 1
    with_contract = ProviderFactory(org_number="556036-0793")
    ContractFactory(provider=with_contract, start_date=dt.date(2020, 1, 1), end_date=None)
    ProviderFactory()  # no contract: not checked
    registers.registrations["5560360793"] = {"fskatt": True, "moms": True, "arbetsgivare": True}
    registers.mode["bolagsverket"] = "500"
    out = StringIO()
    call_command("supplier_checks", "--source", "skatteverket", stdout=out)
    assert "1 utförare kontrollerade, 0 hämtningar misslyckades" in out.getvalue()
    assert SupplierCheck.objects.get(kind=CheckKind.F_TAX).result == Result.OK
    run = RefreshRun.objects.get()
    assert (run.planned, run.checked, run.failures) == (1, 1, 0)


def test_dry_run_changes_nothing(registers):
    provider = ProviderFactory(org_number="556036-0793")
    out = StringIO()
    call_command("supplier_checks", "--provider", provider.org_number, "--dry-run", stdout=out)
    assert "Skulle kontrollera 1 utförare" in out.getvalue()
    assert not SupplierCheck.objects.exists() and registers.calls == []


@time_machine.travel(dt.datetime(2026, 12, 2, 3, tzinfo=dt.UTC), tick=False)
def test_nightly_selection_includes_providers_placed_with_in_the_last_year():
    from insyn.ratings.tests.factories import PlacementFactory
    from insyn.registry.tests.factories import UnitFactory
    from insyn.suppliers.management.commands.supplier_checks import providers_to_check

    today = dt.date(2026, 12, 2)
    contracted = ProviderFactory()
    ContractFactory(provider=contracted, start_date=dt.date(2020, 1, 1), end_date=None)
    placed = UnitFactory()  # no contract, a placement running into the last year
    PlacementFactory(unit=placed, start_date=dt.date(2025, 3, 1), end_date=dt.date(2026, 1, 15))
    ended = UnitFactory()  # the placement ended more than a year ago
    PlacementFactory(unit=ended, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 11, 30))
    future = UnitFactory()  # starts next month: not used yet
    PlacementFactory(unit=future, start_date=dt.date(2027, 1, 1), end_date=None)
    ProviderFactory()  # neither
    assert providers_to_check(today) == sorted([contracted.pk, placed.provider_id])

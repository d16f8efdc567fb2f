"""The HTTP adapters and the refresh against the local fake registers (real HTTP)."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from insyn.suppliers import refresh
from insyn.suppliers.adapters.base import SourceError
from insyn.suppliers.adapters.http import BolagsverketHttp, SkatteverketHttp
from insyn.suppliers.constants import CheckKind, Result
from insyn.suppliers.models import AnnualReport, IvoDecision, SupplierCheck

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
K2 = (Path(__file__).parent / "data" / "k2_2025.xhtml").read_bytes()


def _zip(name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _fill(registers, digits):
    registers.organisations[digits] = {
        "identitetsbeteckning": digits,
        "organisationsnamn": "Solgläntan Omsorg AB",
        "status": {"kod": "likvidation", "datum": "2026-10-01"},
        "styrelseAndradDatum": "2026-09-15",
    }
    registers.registrations[digits] = {"fskatt": False, "moms": True, "arbetsgivare": True}
    registers.decisions[digits] = [
        {
            "diarienummer": "3.5.1-1234/2026",
            "beslutstyp": "forelaggande",
            "beslutsdatum": "2026-03-10",
            "verksamhet": "",
            "sammanfattning": "Bemanning nattetid",
        }
    ]
    registers.documents[digits] = [
        {"dokumentId": "ar-2025", "rapporteringsperiodTom": "2025-12-31"}
    ]
    registers.files["ar-2025"] = _zip("arsredovisning.xhtml", K2)


@pytest.fixture
def solglantan():
    from insyn.registry.tests.factories import ProviderFactory

    return ProviderFactory(org_number="556036-0793", name="Solgläntan Omsorg AB")


def test_refresh_fills_every_check_from_the_registers(registers, solglantan, settings):
    _fill(registers, "5560360793")
    import os

    os.environ["SUPPLIERS_IVO_TOKEN"] = "hemlig"
    try:
        outcome = refresh.refresh_provider(solglantan, refresh.build_sources(), TODAY)
    finally:
        del os.environ["SUPPLIERS_IVO_TOKEN"]
    assert outcome.failures == []
    checks = {c.kind: c for c in SupplierCheck.objects.filter(provider=solglantan)}
    assert checks[CheckKind.COMPANY_STATUS].result == Result.RED_FLAG
    assert checks[CheckKind.COMPANY_STATUS].summary == (
        "I likvidation sedan 2026-10-01; styrelse eller firmatecknare ändrade 2026-09-15"
    )
    assert checks[CheckKind.F_TAX].result == Result.RED_FLAG
    assert checks[CheckKind.VAT].result == Result.OK
    assert checks[CheckKind.IVO].result == Result.RED_FLAG
    assert IvoDecision.objects.get().reference == "3.5.1-1234/2026"
    report = AnnualReport.objects.get(provider=solglantan)
    # 256 tkr equity scaled by 1 000; the loss written with sign="-".
    assert (report.equity, report.net_result) == (256_000, -295_000)
    # Warning signs: equity ratio 256/3 200 = 8,0 % < 10 %, modified audit opinion.
    assert checks[CheckKind.ANNUAL_REPORT].result == Result.WARNING
    assert checks[CheckKind.ANNUAL_REPORT].summary.endswith("2 varningstecken")
    assert "Bearer hemlig" in registers.tokens


def test_a_failing_source_keeps_the_last_value_and_never_blocks_the_others(registers, solglantan):
    _fill(registers, "5560360793")
    refresh.refresh_provider(solglantan, refresh.build_sources(), TODAY)
    registers.mode["skatteverket"] = "500"
    registers.registrations["5560360793"]["fskatt"] = True
    registers.organisations["5560360793"]["status"] = {"kod": "registrerad", "datum": None}
    outcome = refresh.refresh_provider(solglantan, refresh.build_sources(), TODAY)
    assert outcome.failures == ["556036-0793 Skatteverket: Skatteverket svarade med felkod 500"]
    f_tax = SupplierCheck.objects.get(provider=solglantan, kind=CheckKind.F_TAX)
    assert f_tax.result == Result.RED_FLAG  # the last good value
    assert f_tax.failure == "Kunde inte hämtas: Skatteverket svarade med felkod 500"
    company = SupplierCheck.objects.get(provider=solglantan, kind=CheckKind.COMPANY_STATUS)
    assert company.result == Result.OK and company.failure == ""


def test_retry_after_one_503(registers):
    registers.registrations["5560360793"] = {"fskatt": True, "moms": True, "arbetsgivare": False}
    registers.mode["skatteverket"] = "500-once"
    client = SkatteverketHttp(registers.url("skatteverket"), retries=1, backoff=0.01)
    assert client.registration("556036-0793").employer is False
    assert len(registers.calls) == 2


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("slow", "Bolagsverket svarade inte inom 0,2 sekunder"),
        ("wrong-shape", "Bolagsverket svarade i ett oväntat format: fältet organisationer saknas"),
        ("not-json", "Bolagsverket svarade inte med JSON"),
        ("500", "Bolagsverket svarade med felkod 500"),
    ],
)
def test_bad_answers_are_source_errors(registers, mode, message):
    registers.mode["bolagsverket"] = mode
    client = BolagsverketHttp(registers.url("bolagsverket"), timeout=0.2, retries=0)
    with pytest.raises(SourceError) as error:
        client.organisation("556036-0793")
    assert str(error.value) == message


def test_service_down_is_a_source_error():
    client = BolagsverketHttp("http://127.0.0.1:9", timeout=0.2, retries=0)
    with pytest.raises(SourceError, match="Bolagsverket gick inte att nå"):
        client.organisation("556036-0793")


def test_rate_limit_spaces_calls(registers):
    import time

    registers.registrations["5560360793"] = {"fskatt": True, "moms": True, "arbetsgivare": True}
    client = SkatteverketHttp(registers.url("skatteverket"), min_interval=0.1)
    start = time.monotonic()
    for _ in range(3):
        client.registration("556036-0793")
    assert time.monotonic() - start >= 0.2


def test_refresh_many_runs_calls_concurrently_and_stores_every_provider(registers):
    from insyn.registry.tests.factories import ProviderFactory

    providers = [ProviderFactory() for _ in range(6)]
    for p in providers:
        digits = p.org_number.replace("-", "")
        registers.registrations[digits] = {"fskatt": True, "moms": True, "arbetsgivare": True}
    registers.delay = 0.1
    sources = {k: v for k, v in refresh.build_sources().items() if k == "skatteverket"}
    outcome = refresh.refresh_many(providers, sources, TODAY, workers=3)
    assert (outcome.checked, outcome.failures) == (6, [])
    assert SupplierCheck.objects.filter(kind=CheckKind.F_TAX, result=Result.OK).count() == 6
    # Bounded concurrency: more than one call in flight, never more than the three workers.
    assert 1 < registers.max_in_flight <= 3

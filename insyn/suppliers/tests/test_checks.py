import datetime as dt

import pytest
from django.urls import reverse

from insyn.suppliers import services
from insyn.suppliers.adapters.base import CompanyInfo, Decision, TaxInfo
from insyn.suppliers.constants import CheckKind, Result
from insyn.suppliers.models import IvoDecision, SupplierCheck

from .factories import AnnualReportFactory

TODAY = dt.date(2026, 12, 1)
pytestmark = pytest.mark.django_db


def test_company_status_other_than_registered_is_a_red_flag(provider):
    check = services.apply_company(
        provider,
        CompanyInfo(provider.org_number, "X", "bankrupt", dt.date(2026, 11, 3)),
        "Bolagsverket",
        TODAY,
    )
    assert (check.result, check.summary) == (Result.RED_FLAG, "Konkurs sedan 2026-11-03")
    # due again after RECHECK_DAYS["company_status"] = 30 days
    assert check.taken_on == TODAY and check.due_on == dt.date(2026, 12, 31)


def test_tax_checks_skip_not_applicable_kinds(provider, controller):
    services.mark_not_applicable(provider, CheckKind.F_TAX, "Egen regi", controller, TODAY)
    services.apply_tax(provider, TaxInfo(provider.org_number, False, True, False), "SKV", TODAY)
    checks = {c.kind: c for c in SupplierCheck.objects.filter(provider=provider)}
    assert checks[CheckKind.F_TAX].result == Result.NOT_APPLICABLE
    assert checks[CheckKind.F_TAX].not_applicable_reason == "Egen regi"
    assert checks[CheckKind.VAT].result == Result.OK
    assert checks[CheckKind.EMPLOYER].result == Result.WARNING


def test_ivo_injunction_in_24_months_is_red_older_is_not(provider, unit):
    old = Decision("8.5-1/2024", "injunction", dt.date(2024, 11, 30), unit.name)
    check = services.apply_decisions(provider, [old], "IVO", TODAY)
    assert check.result == Result.OK  # 2024-11-30 is before 2024-12-01
    new = Decision("8.5-2/2026", "criticism", dt.date(2026, 2, 1), unit.name)
    check = services.apply_decisions(provider, [new], "IVO", TODAY)
    assert check.result == Result.WARNING
    assert IvoDecision.objects.get(reference="8.5-2/2026").unit == unit


def test_failure_keeps_the_last_good_value(provider):
    services.apply_company(provider, CompanyInfo("", "", "registered"), "Bolagsverket", TODAY)
    services.record_failure(provider, [CheckKind.COMPANY_STATUS], "tjänsten svarade 500")
    check = SupplierCheck.objects.get(provider=provider, kind=CheckKind.COMPANY_STATUS)
    assert check.result == Result.OK and check.taken_on == TODAY
    assert check.failure == "Kunde inte hämtas: tjänsten svarade 500"


def test_page_shows_checks_and_warnings(client, controller, provider):
    AnnualReportFactory(provider=provider, equity=-120_000)
    services.apply_company(provider, CompanyInfo("", "", "liquidation"), "Bolagsverket", TODAY)
    client.force_login(controller)
    html = client.get(reverse("suppliers:provider_checks", args=[provider.pk])).content.decode()
    assert "I likvidation" in html
    assert "Eget kapital är negativt (-120\xa0000\xa0kr)" in html
    panel = client.get(provider.get_absolute_url()).content.decode()
    assert "Leverantörskontroll" in panel and "I likvidation" in panel


def test_provider_user_sees_no_panel(client, provider_user, provider):
    client.force_login(provider_user)
    assert client.get(reverse("suppliers:provider_checks", args=[provider.pk])).status_code == 403


def test_record_organised_crime_check(client, controller, provider):
    client.force_login(controller)
    url = reverse("suppliers:provider_organised_crime", args=[provider.pk])
    response = client.post(
        url, {"asked_on": "2026-11-20", "answer": "no_information", "reference": "KC-2026/17"}
    )
    assert response.status_code == 302
    check = SupplierCheck.objects.get(provider=provider, kind=CheckKind.ORGANISED_CRIME)
    assert (check.asked_by, check.reference, check.result) == (controller, "KC-2026/17", Result.OK)
    bad = client.post(url, {"asked_on": "2026-11-20", "answer": "information", "reference": "<x>"})
    assert "Referensen får bara innehålla" in bad.content.decode()


def test_panel_queries_are_bounded(client, controller, provider, django_assert_max_num_queries):
    for year in range(2021, 2026):
        AnnualReportFactory(
            provider=provider, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
        )
    client.force_login(controller)
    with django_assert_max_num_queries(14):
        client.get(reverse("suppliers:provider_checks", args=[provider.pk]))


def test_dossier_shows_the_providers_checks_and_warnings(client, controller, unit):
    AnnualReportFactory(provider=unit.provider, equity=80_000, total_assets=1_000_000)
    services.apply_decisions(
        unit.provider, [Decision("9/2026", "revocation", TODAY, unit.name)], "IVO", TODAY
    )
    client.force_login(controller)
    html = client.get(reverse("followup:dossier", args=[unit.pk])).content.decode()
    assert f"Leverantörskontroll av {unit.provider.name}" in html
    assert "Soliditeten är 8,0 % för 2025, under gränsen 10,0 %." in html
    assert "återkallelse (9/2026)" in html
    assert "IVO-beslut senaste 24 månaderna" in html  # the risk factor in the explanation


def test_controller_start_page_lists_red_flags(client, controller, provider, case_worker):
    services.apply_company(provider, CompanyInfo("", "", "bankrupt"), "Bolagsverket", TODAY)
    client.force_login(controller)
    html = client.get("/").content.decode()
    assert "Röda flaggor i leverantörskontrollen" in html
    assert "1 kontroll med röd flagga." in html
    client.force_login(case_worker)
    assert "Röda flaggor i leverantörskontrollen" not in client.get("/").content.decode()


def test_key_figures_typed_by_hand(client, controller, provider):
    client.force_login(controller)
    url = reverse("suppliers:provider_manual_figures", args=[provider.pk])
    data = {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "equity": "40000",
        "share_capital": "100000",
        "total_assets": "900000",
        "audit_opinion_modified": "unknown",
    }
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Nyckeltalen är sparade (inskrivna för hand)." in html
    assert "Inskriven för hand" in html
    # 40 000 / 900 000 = 4,4 %; 2 × 40 000 < 100 000
    assert "Soliditeten är 4,4 % för 2025" in html
    check = SupplierCheck.objects.get(provider=provider, kind=CheckKind.ANNUAL_REPORT)
    assert check.result == Result.WARNING
    bad = client.post(url, {**data, "period_end": "2024-12-31"}).content.decode()
    assert "Räkenskapsåret måste sluta efter att det börjar." in bad

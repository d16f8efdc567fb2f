"""Red-flag alerts: raised once per flag to the responsible controller through the
notifications app, cleared when the check is no longer red, and the one-click event-driven
follow-up (with its confirm page) from the provider's checks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.models import PlannedFollowUp
from insyn.notifications.models import Notification
from insyn.registry.tests.factories import ContractFactory
from insyn.suppliers import services
from insyn.suppliers.adapters.base import CompanyInfo, Decision, TaxInfo
from insyn.suppliers.constants import CheckKind
from insyn.suppliers.models import RedFlagAlert

from .factories import AnnualReportFactory

TODAY = dt.date(2026, 12, 1)
pytestmark = pytest.mark.django_db


def _status(provider, status):
    return services.apply_company(
        provider, CompanyInfo(provider.org_number, "X", status, TODAY), "Bolagsverket", TODAY
    )


def test_bankruptcy_tells_the_contract_owner_once_per_flag(provider, unit):
    owner = UserFactory(controller=True)
    UserFactory(controller=True)  # another controller, not owning this provider's contract
    ContractFactory(provider=provider, units=[unit], owner=owner, start_date=dt.date(2024, 1, 1))
    _status(provider, "bankrupt")
    _status(provider, "bankrupt")  # the nightly refresh finds the same flag again
    alert = RedFlagAlert.objects.get()
    assert (alert.kind, alert.summary) == (CheckKind.COMPANY_STATUS, "Konkurs sedan 2026-12-01")
    told = Notification.objects.get(kind="suppliers.red_flag")
    assert told.recipient == owner
    assert told.subject == "Röd flagga i leverantörskontrollen – Egen Väg HVB AB"
    assert told.link == reverse("suppliers:provider_checks", args=[provider.pk]) + "#red-flags"
    # Registered again: the flag clears; a new bankruptcy later is a new flag.
    _status(provider, "registered")
    assert RedFlagAlert.objects.get().cleared_at is not None
    _status(provider, "liquidation")
    assert RedFlagAlert.objects.filter(cleared_at__isnull=True).count() == 1
    assert Notification.objects.filter(kind="suppliers.red_flag").count() == 2


def test_without_a_contract_owner_every_controller_is_told(provider):
    first, second = UserFactory(controller=True), UserFactory(controller=True)
    services.apply_tax(provider, TaxInfo(provider.org_number, False, True, True), "SKV", TODAY)
    recipients = set(
        Notification.objects.filter(kind="suppliers.red_flag").values_list("recipient", flat=True)
    )
    assert recipients == {first.pk, second.pk}
    assert RedFlagAlert.objects.get().kind == CheckKind.F_TAX


def test_ivo_revocation_and_a_financial_warning_sign_raise_alerts(provider, unit):
    UserFactory(controller=True)
    revoked = Decision("3.5-9/2026", "revocation", dt.date(2026, 10, 1), unit.name)
    services.apply_decisions(provider, [revoked], "IVO", TODAY)
    # Negative equity: a financial warning sign on the annual-report check.
    report = AnnualReportFactory.build(provider=provider, equity=Decimal(-50_000))
    from insyn.suppliers.ixbrl import ParsedReport

    parsed = ParsedReport(
        provider.org_number,
        report.period_start,
        report.period_end,
        {"equity": Decimal(-50_000), "total_assets": Decimal(1_000_000)},
        False,
    )
    services.store_report(provider, parsed, "ixbrl", filed_on=dt.date(2026, 5, 1), today=TODAY)
    assert sorted(RedFlagAlert.objects.values_list("kind", flat=True)) == [
        CheckKind.ANNUAL_REPORT,
        CheckKind.IVO,
    ]


def test_one_click_follow_up_asks_first_then_adds_it_to_the_plan(client, provider, unit):
    controller = UserFactory(controller=True)
    ContractFactory(provider=provider, units=[unit], owner=controller)
    _status(provider, "bankrupt")
    alert = RedFlagAlert.objects.get()
    client.force_login(controller)
    page = client.get(reverse("suppliers:provider_checks", args=[provider.pk])).content.decode()
    url = reverse("followup:red_flag_followup", args=[alert.pk, unit.pk])
    assert url in page and "Starta uppföljning av Egen Väg Hisingen" in page
    confirm = client.post(url)
    assert "Ja, lägg till uppföljningen" in confirm.content.decode()
    assert not PlannedFollowUp.objects.exists()
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "En händelsestyrd uppföljning av Egen Väg Hisingen är tillagd." in (
        response.content.decode()
    )
    row = PlannedFollowUp.objects.get()
    assert row.event_driven and row.unit == unit
    assert (
        row.reason == "Leverantörskontroll: Bolagsstatus (Bolagsverket): Konkurs sedan 2026-12-01"
    )
    alert.refresh_from_db()
    assert alert.followed_up_by == controller and alert.followup_note


def test_a_unit_of_another_provider_cannot_be_followed_up_from_the_alert(
    client, provider, unit, controller
):
    from insyn.registry.tests.factories import UnitFactory

    _status(provider, "bankrupt")
    alert = RedFlagAlert.objects.get()
    client.force_login(controller)
    url = reverse("followup:red_flag_followup", args=[alert.pk, UnitFactory().pk])
    assert client.post(url, {"confirmed": "1"}).status_code == 404
    assert not PlannedFollowUp.objects.exists()

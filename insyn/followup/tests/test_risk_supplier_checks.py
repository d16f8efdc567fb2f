"""The risk score's supplier-check factors: IVO decisions and financial warning signs."""

import datetime as dt
from decimal import Decimal

import pytest

from insyn.followup import risk
from insyn.followup.risk import RiskInputs, score
from insyn.suppliers.models import AnnualReport, IvoDecision


def _item(result, label):
    return next((i for i in result.items if i.label == label), None)


def test_ivo_decisions_weighted_by_kind_and_capped():
    # 1 revocation × 20 + 1 injunction × 8 + 2 criticism × 3 = 34 → capped at 30.
    result = score(
        RiskInputs(ivo_decisions={"revocation": 1, "injunction": 1, "criticism": 2, "permit": 4})
    )
    item = _item(result, "IVO-beslut senaste 24 månaderna")
    assert (item.detail, item.points) == ("1 återkallelse, 1 föreläggande, 2 kritik", 30.0)
    # 2 criticism × 3 = 6
    assert _item(score(RiskInputs(ivo_decisions={"criticism": 2})), item.label).points == 6.0


def test_financial_warnings_four_points_each_capped_at_sixteen():
    item = _item(score(RiskInputs(financial_warnings=2)), "Ekonomiska varningstecken")
    assert (item.detail, item.points) == ("2 varningstecken i årsredovisningarna", 8.0)
    assert _item(score(RiskInputs(financial_warnings=5)), item.label).points == 16.0


def test_no_decisions_and_no_warnings_list_nothing_and_add_nothing():
    base = score(RiskInputs())
    with_permit = score(RiskInputs(ivo_decisions={"permit": 1}))
    assert with_permit.total == base.total
    assert _item(with_permit, "IVO-beslut senaste 24 månaderna") is None


@pytest.mark.django_db
def test_gather_inputs_reads_the_providers_supplier_checks(unit):
    today = dt.date(2026, 12, 1)
    IvoDecision.objects.create(
        provider=unit.provider, kind="injunction", decided_on=dt.date(2025, 3, 1), reference="1"
    )
    IvoDecision.objects.create(  # older than 24 months: not counted
        provider=unit.provider, kind="revocation", decided_on=dt.date(2024, 11, 30), reference="2"
    )
    AnnualReport.objects.create(
        provider=unit.provider,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        filed_on=dt.date(2026, 4, 1),
        origin="manual",
        equity=Decimal(-1),
        share_capital=Decimal(25_000),
        total_assets=Decimal(100_000),
        net_result=Decimal(5),
    )
    inputs = risk.gather_inputs([unit], today)[unit.pk]
    # negative equity, below half the share capital, equity ratio -0,0 % < 10 %
    assert (inputs.ivo_decisions, inputs.financial_warnings) == ({"injunction": 1}, 3)
    result = risk.score(inputs)
    assert _item(result, "IVO-beslut senaste 24 månaderna").points == 8.0
    assert _item(result, "Ekonomiska varningstecken").points == 12.0

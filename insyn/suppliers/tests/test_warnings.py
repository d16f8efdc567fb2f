"""Each financial warning rule against hand-computed figures, and properties with hypothesis."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyn.suppliers import warnings
from insyn.suppliers.models import AnnualReport

SETTINGS = {"min_equity_ratio": 10.0, "filing_months": 7, "loss_years": 2}


def report(year=2025, **figures):
    defaults = {
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "filed_on": dt.date(year + 1, 5, 2),
        "equity": Decimal(500_000),
        "share_capital": Decimal(100_000),
        "total_assets": Decimal(1_000_000),
        "net_result": Decimal(10_000),
    }
    defaults.update({k: (Decimal(v) if isinstance(v, int) else v) for k, v in figures.items()})
    return AnnualReport(**defaults)


def test_negative_equity():
    assert warnings.negative_equity([report(equity=-120_000)], SETTINGS) == (
        "Eget kapital är negativt (-120\xa0000\xa0kr) enligt årsredovisningen för 2025."
    )
    assert warnings.negative_equity([report(equity=0)], SETTINGS) is None


def test_equity_exactly_half_the_share_capital_is_not_below_half():
    assert warnings.equity_below_half_share_capital([report(equity=50_000)], SETTINGS) is None
    text = warnings.equity_below_half_share_capital([report(equity=49_999)], SETTINGS)
    assert text.startswith("Eget kapital (49\xa0999\xa0kr) understiger hälften av aktiekapitalet")
    assert "25 kap. 13 §" in text


def test_losses_in_each_of_the_last_two_years():
    two = [report(2025, net_result=-10_000), report(2024, net_result=-5_000)]
    assert warnings.losses_in_a_row(two, SETTINGS) == (
        "Förlust vart och ett av de senaste 2 åren (2024–2025)."
    )
    assert warnings.losses_in_a_row(two[:1], SETTINGS) is None
    assert warnings.losses_in_a_row([two[0], report(2024, net_result=0)], SETTINGS) is None


def test_equity_ratio_below_the_threshold():
    # 80 000 / 1 000 000 = 8,0 % < 10 %; 100 000 / 1 000 000 = 10,0 % is not below.
    assert warnings.low_equity_ratio([report(equity=80_000)], SETTINGS) == (
        "Soliditeten är 8,0 % för 2025, under gränsen 10,0 %."
    )
    assert warnings.low_equity_ratio([report(equity=100_000)], SETTINGS) is None


def test_late_filing():
    late = report(2024, filed_on=dt.date(2025, 8, 15))  # deadline 2025-07-31
    assert warnings.late_filing([late], SETTINGS, dt.date(2025, 9, 1)) == (
        "Årsredovisningen för 2024 kom in 2025-08-15, efter sista dag 2025-07-31."
    )
    on_time = report(2024, filed_on=dt.date(2025, 7, 31))
    assert warnings.late_filing([on_time], SETTINGS, dt.date(2026, 7, 31)) is None
    # The 2025 report was due 2026-07-31.
    assert "skulle ha lämnats senast 2026-07-31" in warnings.late_filing(
        [on_time], SETTINGS, dt.date(2026, 8, 1)
    )


def test_modified_audit_opinion():
    assert warnings.modified_audit_opinion([report(audit_opinion_modified=True)], SETTINGS)
    assert warnings.modified_audit_opinion([report(audit_opinion_modified=None)], SETTINGS) is None


@pytest.mark.django_db
def test_all_rules_in_order_with_thresholds_from_settings(settings):
    reports = [report(2025, equity=-1_000, net_result=-1), report(2024, net_result=-1)]
    codes = [w.code for w in warnings.financial_warnings(reports, dt.date(2026, 1, 1))]
    assert codes == [
        "negative_equity",
        "equity_below_half_share_capital",
        "losses_in_a_row",
        "low_equity_ratio",
    ]
    settings.INSYN = {**settings.INSYN, "SUPPLIERS": {"WARNINGS": {"loss_years": 3}}}
    codes = [w.code for w in warnings.financial_warnings(reports, dt.date(2026, 1, 1))]
    assert "losses_in_a_row" not in codes


amounts = st.integers(min_value=-(10**9), max_value=10**9)


@given(equity=amounts, share_capital=st.integers(min_value=1, max_value=10**8))
def test_half_share_capital_rule_is_exactly_2e_below_s(equity, share_capital):
    found = warnings.equity_below_half_share_capital(
        [report(equity=equity, share_capital=share_capital)], SETTINGS
    )
    assert (found is not None) == (2 * equity < share_capital)


@given(equity=amounts, assets=st.integers(min_value=1, max_value=10**10))
def test_negative_equity_always_means_low_equity_ratio(equity, assets):
    reports = [report(equity=equity, total_assets=assets)]
    if equity < 0:
        assert warnings.low_equity_ratio(reports, SETTINGS) is not None

"""Two risk inputs the seeds mean differently from what the score read before (issue 13 item
6): a unit carries its share of a contract's annual value, not the whole contract's, and the
clients factor counts the clients placed there today, with the places as the fallback."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from insyn.followup import risk
from insyn.followup.risk import RiskInputs, score, unit_value_shares
from insyn.ratings.constants import PlacementStatus
from insyn.ratings.tests.factories import PlacementFactory
from insyn.registry.tests.factories import ContractFactory, UnitFactory


def _item(result, label):
    return next((i.detail, i.points) for i in result.items if i.label == label)


def test_a_contracts_value_is_shared_by_places_by_hand():
    # 36.9 MSEK over 9 + 27 = 36 places: 9/36 = 9.225 MSEK and 27/36 = 27.675 MSEK.
    shares = unit_value_shares([(1, Decimal("36900000"), 10, 9), (1, Decimal("36900000"), 11, 27)])
    assert shares == {10: Decimal("9225000"), 11: Decimal("27675000")}


def test_without_places_the_value_is_shared_equally_and_two_contracts_add_up():
    # Contract 1: 3 MSEK over two units without places → 1.5 each; contract 2 adds 1 MSEK to
    # unit 10 alone → 2.5 MSEK.
    shares = unit_value_shares(
        [
            (1, Decimal("3000000"), 10, None),
            (1, Decimal("3000000"), 11, 0),
            (2, Decimal("1000000"), 10, 5),
        ]
    )
    assert shares == {10: Decimal("2500000"), 11: Decimal("1500000")}


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2),
    places=st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=8),
)
def test_the_shares_add_up_to_the_contracts_value(value, places):
    rows = [(1, value, unit_id, p) for unit_id, p in enumerate(places)]
    assert abs(sum(unit_value_shares(rows).values()) - value) < Decimal("0.01")


def test_clients_count_before_places_and_say_which():
    assert _item(score(RiskInputs(places=12, clients=3)), "Antal klienter") == (
        "3 placerade klienter",
        1.5,
    )
    assert _item(score(RiskInputs(places=12, clients=0)), "Antal klienter") == (
        "12 platser (inga pågående placeringar)",
        6.0,
    )


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False)
def test_gather_inputs_reads_the_share_and_the_placed_clients():
    small = UnitFactory(places=9)
    large = UnitFactory(places=27, provider=small.provider)
    ContractFactory(
        provider=small.provider,
        units=[small, large],
        annual_value=Decimal("36900000"),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    # Two running placements count; one that ended and one cancelled do not.
    PlacementFactory(unit=small, start_date=dt.date(2026, 1, 10))
    PlacementFactory(unit=small, start_date=dt.date(2026, 6, 15))
    PlacementFactory(
        unit=small,
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2026, 5, 31),
        status=PlacementStatus.ENDED,
    )
    PlacementFactory(unit=small, start_date=dt.date(2026, 2, 1), status=PlacementStatus.CANCELLED)
    inputs = risk.gather_inputs([small, large])
    assert inputs[small.pk].annual_value == Decimal("9225000")
    assert inputs[large.pk].annual_value == Decimal("27675000")
    assert (inputs[small.pk].clients, inputs[large.pk].clients) == (2, 0)
    result = risk.score_units([small])[small.pk]
    # 9.225 MSEK × 1 point per MSEK (value_per_msek) → 9.2; 2 clients × 0.5 → 1.0.
    assert _item(result, "Avtalsvärde") == ("9,2 mnkr per år", 9.2)
    assert _item(result, "Antal klienter") == ("2 placerade klienter", 1.0)

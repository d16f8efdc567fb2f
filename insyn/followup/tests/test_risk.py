"""The risk score against hand-computed cases, and its inputs gathered from the database."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from insyn.followup import risk
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import UnitRiskFlag
from insyn.followup.risk import RiskInputs, score
from insyn.registry.constants import OperationForm
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory, category

from .factories import DeficiencyFactory, FollowUpFactory


def _points(result, label):
    return next(i.points for i in result.items if i.label == label)


def test_score_of_a_quiet_small_adult_unit_is_hand_computed():
    # 2 MSEK → 2.0; 10 places × 0.5 → 5.0; hvb-vuxna 10.0; 6 months × 0.5 → 3.0; rest 0.
    result = score(
        RiskInputs(
            annual_value=Decimal("2000000"),
            places=10,
            category_code="hvb-vuxna",
            months_since_followup=6,
        )
    )
    assert result.total == 20.0
    assert _points(result, "Tid sedan senaste uppföljning") == 3.0


def test_score_of_a_troubled_childrens_home_is_hand_computed():
    # value 30 MSEK → capped 20; places 40 × 0.5 = 20 → capped 15; hvb-barn 20;
    # never followed up 24; 2 open × 5 + 1 overdue × 8 = 18; 3 complaints × 2 + 1 lex Sarah × 6
    # + 1 serious × 4 = 16; rating 40/100 → 60/100 × 10 = 6; permit missing 10; flag 15.
    result = score(
        RiskInputs(
            annual_value=Decimal("30000000"),
            places=40,
            category_code="hvb-barn",
            months_since_followup=None,
            open_deficiencies=2,
            overdue_actions=1,
            complaints=3,
            lex_sarah=1,
            serious=1,
            rating_mean=Decimal("40"),
            rating_count=8,
            has_permit=False,
            manual_flag_reason="Ny ägare",
        )
    )
    assert [i.points for i in result.items] == [20, 15, 20, 24, 18, 16, 6, 10, 15]
    assert result.total == 144.0


def test_months_since_follow_up_are_capped():
    result = score(RiskInputs(months_since_followup=120))
    assert _points(result, "Tid sedan senaste uppföljning") == 24.0  # 48 × 0.5


def test_weights_are_configurable(settings):
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"VULNERABILITY": {"hemtjanst": 33.0}}}
    result = score(RiskInputs(category_code="hemtjanst", months_since_followup=0))
    assert _points(result, "Målgruppens sårbarhet") == 33.0
    # other weights keep their defaults
    assert score(RiskInputs(category_code="hvb-barn")).items[2].points == 20.0


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC))
def test_gather_inputs_reads_value_followups_deficiencies_and_flags(unit, controller):
    ContractFactory(
        provider=unit.provider,
        units=[unit],
        annual_value=Decimal("3000000"),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    FollowUpFactory(unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(2025, 12, 10))
    DeficiencyFactory(followup__unit=unit, deadline=dt.date(2026, 5, 1))  # open and overdue
    UnitRiskFlag.objects.create(unit=unit, reason="Byte av föreståndare", set_by=controller)
    inputs = risk.gather_inputs([unit])[unit.pk]
    assert inputs.annual_value == Decimal("3000000")
    assert inputs.months_since_followup == 6
    assert (inputs.open_deficiencies, inputs.overdue_actions) == (1, 1)
    assert inputs.manual_flag_reason == "Byte av föreståndare"


@pytest.mark.django_db
def test_own_units_are_scored_exactly_like_private_ones():
    own = UnitFactory(provider=ProviderFactory(operation_form=OperationForm.OWN), places=12)
    private = UnitFactory(provider=ProviderFactory(), places=12)
    scores = risk.score_units([own, private])
    assert scores[own.pk].total == scores[private.pk].total
    assert [i.points for i in scores[own.pk].items] == [i.points for i in scores[private.pk].items]


@pytest.mark.django_db
def test_missing_permit_counts_only_where_a_permit_is_required():
    hvb = UnitFactory(category=category("hvb-barn"), ivo_permit_number="")
    home_care = UnitFactory(category=category("hemtjanst"), ivo_permit_number="")
    inputs = risk.gather_inputs([hvb, home_care])
    assert inputs[hvb.pk].has_permit is False
    assert inputs[home_care.pk].has_permit is True


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_permit_dated_in_the_last_12_months_is_not_a_risk_by_itself():
    # Same unit twice, the permit dated last month and five years ago: the same score, and
    # the permit factor adds 0 (issue 13: a new permit is not a warning).
    new = UnitFactory(category=category("hvb-barn"), ivo_permit_number="IVO 1", places=6)
    old = UnitFactory(category=category("hvb-barn"), ivo_permit_number="IVO 2", places=6)
    new.ivo_permit_date = dt.date(2026, 5, 1)
    old.ivo_permit_date = dt.date(2021, 5, 1)
    new.save()
    old.save()
    scores = risk.score_units([new, old])
    assert _points(scores[new.pk], "IVO-tillstånd") == 0.0
    assert scores[new.pk].total == scores[old.pk].total


@given(
    st.builds(
        RiskInputs,
        annual_value=st.decimals(min_value=0, max_value=10**9, places=2),
        places=st.integers(0, 500),
        category_code=st.sampled_from(["hvb-barn", "hemtjanst", "lss-boende", "okänd"]),
        months_since_followup=st.none() | st.integers(0, 200),
        open_deficiencies=st.integers(0, 20),
        overdue_actions=st.integers(0, 20),
        complaints=st.integers(0, 50),
        lex_sarah=st.integers(0, 10),
        serious=st.integers(0, 10),
        rating_mean=st.none() | st.decimals(min_value=0, max_value=100, places=1),
        has_permit=st.booleans(),
        manual_flag_reason=st.sampled_from(["", "Ny ägare"]),
    )
)
def test_bulk_total_equals_the_explained_score(inputs):
    assert score(inputs, risk.load_config(), explain=False).total == score(inputs).total
    assert score(inputs).total == round(sum(item.points for item in score(inputs).items), 1)


def test_explanation_names_each_factor_with_what_it_counted():
    result = score(
        RiskInputs(
            annual_value=Decimal("2500000"),
            places=4,
            category_code="",
            months_since_followup=None,
            rating_mean=Decimal("90"),
            rating_count=5,
        )
    )
    assert [(i.label, i.detail, i.points) for i in result.items] == [
        ("Avtalsvärde", "2,5 mnkr per år", 2.5),
        ("Antal klienter", "4 platser", 2.0),
        ("Målgruppens sårbarhet", "okänd kategori", 5.0),
        ("Tid sedan senaste uppföljning", "aldrig följd upp", 24.0),
        ("Öppna brister och försenade handlingsplaner", "0 öppna, 0 försenade", 0.0),
        (
            "Klagomål och lex Sarah senaste 12 månaderna",
            "0 klagomål, 0 lex Sarah, 0 allvarliga",
            0.0,
        ),
        ("Rating", "medel 90 av 100 (5 st)", 1.0),
        ("IVO-tillstånd", "finns", 0.0),
    ]
    # 2.5 + 2 + 5 + 24 + 0 + 0 + (100 − 90)/100 × 10 + 0 (a permit, new or old, adds
    # nothing); no manual flag, so no item for it
    assert result.total == 34.5
    assert score(RiskInputs(), explain=False).items == []


def test_explanation_names_the_category_and_agrees_in_number():
    result = score(
        RiskInputs(
            places=1,
            category_code="hvb-barn",
            category_name="HVB barn och unga",
            open_deficiencies=1,
            overdue_actions=1,
            serious=1,
        )
    )
    details = [item.detail for item in result.items]
    assert details[1] == "1 plats"
    assert details[2] == "HVB barn och unga"
    assert details[4] == "1 öppen, 1 försenad"
    assert details[5] == "0 klagomål, 0 lex Sarah, 1 allvarlig"

"""The ranking against hand-computed cases (weights: conf.RANKING_WEIGHTS defaults)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insyn.placement.ranking import Need, Ranking, RankingInputs, UnitFacts, fits, rank

NEED = Need(
    category_id=1,
    start_date=dt.date(2026, 12, 1),
    age_min=14,
    age_max=16,
    gender="female",
    focus="missbruk trauma",
    district_id=10,
    municipality="Göteborg",
    max_price=Decimal("4000"),
)


def unit(pk, name, **kw):
    defaults = {
        "pk": pk,
        "name": name,
        "active": True,
        "provider_active": True,
        "category_id": 1,
        "target_age_min": 12,
        "target_age_max": 18,
        "target_gender": "any",
        "focus": "",
        "target_needs": "",
        "description": "",
        "vacancies": None,
        "vacancies_confirmed_on": None,
        "price_per_day_framework": None,
        "price_indication": None,
        "district_id": None,
        "municipality": "",
    }
    defaults.update(kw)
    return UnitFacts(**defaults)


A = unit(
    1,
    "A",
    vacancies=2,
    vacancies_confirmed_on=dt.date(2026, 11, 20),
    focus="Missbruk och kriminalitet",
    price_per_day_framework=Decimal("3500"),
    district_id=10,
)
B = unit(
    2,
    "B",
    vacancies=1,
    vacancies_confirmed_on=dt.date(2026, 9, 1),
    focus="Trauma, missbruk",
    price_indication=Decimal("3000"),
    district_id=11,
    municipality="Göteborg",
)
C = unit(3, "C", price_per_day_framework=Decimal("4000"), municipality="Kungsbacka")
D = unit(
    4,
    "D",
    vacancies=0,
    description="Traumamedveten omsorg",
    price_per_day_framework=Decimal("2000"),
    district_id=10,
)
TOO_OLD = unit(5, "E", target_age_min=18, target_age_max=21)
BOYS_ONLY = unit(6, "F", target_gender="male")
TOO_EXPENSIVE = unit(7, "G", price_indication=Decimal("4500"))
OTHER_CATEGORY = unit(8, "H", category_id=2)
INACTIVE = unit(9, "I", active=False)

INPUTS = RankingInputs(
    ratings={
        1: (Decimal("80.0"), 5),
        2: (None, 2),
        3: (Decimal("100.0"), 3),
        4: (Decimal("50.0"), 4),
    },
    in_framework={1: True, 3: True, 4: True},
    open_deficiencies={2: 2},
    serious_feedback={2: 1},
)


def test_rank_orders_by_hand_computed_points():
    rows = rank(
        [B, C, TOO_OLD, A, BOYS_ONLY, D, TOO_EXPENSIVE, OTHER_CATEGORY, INACTIVE], NEED, INPUTS
    )
    # A: vacancy confirmed 40 + focus 10 + framework 20 + rating 15×0.8=12 + price
    #    10×(4000−3500)/4000=1.25 + same district 6                              = 89.25
    # D: no vacancy 0 + "trauma" 10 + framework 20 + 7.5 + 10×2000/4000=5 + 6     = 48.50
    # C: vacancies unknown 10 + 0 + framework 20 + 15 + price 0 + elsewhere 0    = 45.00
    # B: old confirmation 25 + 20 + 0 + hidden 0 + 2.5 + same municipality 3
    #    − 2 deficiencies 6 − 1 serious 5                                          = 39.50
    assert [(r.unit.name, r.score) for r in rows] == [
        ("A", Decimal("89.25")),
        ("D", Decimal("48.50")),
        ("C", Decimal("45.00")),
        ("B", Decimal("39.50")),
    ]
    assert [r.position for r in rows] == [1, 2, 3, 4]


def test_each_row_explains_its_points():
    b = next(r for r in rank([B], NEED, INPUTS))
    texts = [(reason.text, reason.points) for reason in b.reasons]
    assert texts == [
        (
            "1 ledig plats enligt registret (bekräftade 2026-09-01) – kontrollera",
            Decimal("25.00"),
        ),
        ("Inriktningen matchar: missbruk, trauma", Decimal("20.00")),
        ("Inget ramavtal", Decimal("0.00")),
        ("Rating visas inte (2 st, för få)", Decimal("0.00")),
        ("Pris 3\xa0000,00\xa0kr/dygn (prisindikation)", Decimal("2.50")),
        ("Samma kommun", Decimal("3.00")),
        ("2 öppna brister", Decimal("-6.00")),
        ("1 allvarlig synpunkt/Lex Sarah", Decimal("-5.00")),
    ]
    assert sum(p for _, p in texts) == b.score


def test_units_that_do_not_fit_are_left_out():
    for excluded in (TOO_OLD, BOYS_ONLY, TOO_EXPENSIVE, OTHER_CATEGORY, INACTIVE):
        assert not fits(excluded, NEED, False)
        assert rank([excluded], NEED, INPUTS) == []


def test_without_price_ceiling_the_most_expensive_candidate_is_the_reference():
    need = Need(category_id=1, start_date=dt.date(2026, 12, 1))
    cheap = unit(1, "Billig", price_indication=Decimal("1000"))
    dear = unit(2, "Dyr", price_indication=Decimal("4000"))
    rows = rank([dear, cheap], need, RankingInputs())
    # vacancies unknown 10 each; price 10×(4000−1000)/4000 = 7.5 vs 0
    assert [(r.unit.name, r.score) for r in rows] == [
        ("Billig", Decimal("17.50")),
        ("Dyr", Decimal("10.00")),
    ]


def test_equal_points_rank_the_lower_price_first():
    need = Need(category_id=1, start_date=dt.date(2026, 12, 1))
    x = unit(1, "X", price_per_day_framework=Decimal("2000"))
    y = unit(2, "Y", price_per_day_framework=Decimal("2000"))
    rows = rank([y, x], need, RankingInputs())
    assert [r.unit.name for r in rows] == ["X", "Y"]  # same score and price: by name


def test_penalties_are_capped(settings):
    rows = rank(
        [C],
        NEED,
        RankingInputs(in_framework={3: True}, open_deficiencies={3: 10}, serious_feedback={3: 9}),
    )
    # 10 + 20 + 0 + 0 + 0 − 15 − 15 = 0
    assert rows[0].score == Decimal("0.00")


def test_weights_are_configurable(settings):
    settings.INSYN = {
        **settings.INSYN,
        "PLACEMENT": {"PLACEMENT_RANKING_WEIGHTS": {"framework": 100}},
    }
    rows = rank([B, C], NEED, INPUTS)
    assert rows[0].unit.name == "C"
    assert rows[0].score == Decimal("125.00")  # 10 + 100 + 15


def test_rows_are_limited_and_the_reference_is_kept_for_a_subset():
    need = Need(category_id=1, start_date=dt.date(2026, 12, 1))
    cheap = unit(1, "Billig", price_indication=Decimal("1000"))
    dear = unit(2, "Dyr", price_indication=Decimal("4000"))
    ranking = Ranking([dear, cheap], need, RankingInputs())
    assert [r.unit.name for r in ranking.rows(1)] == ["Billig"]
    assert ranking.top() == [(Decimal("17.50"), cheap), (Decimal("10.00"), dear)]
    # Ranked again alone, "Billig" keeps the reference 4000 of the whole list: 17.50, not 10.
    again = Ranking([cheap], need, RankingInputs(), ranking.reference).rows()
    assert again[0].score == Decimal("17.50")


units_strategy = st.lists(
    st.builds(
        lambda pk, vacancies, confirmed, price, framework_price, district, focus: unit(
            pk,
            f"U{pk}",
            vacancies=vacancies,
            vacancies_confirmed_on=confirmed,
            price_indication=price,
            price_per_day_framework=framework_price,
            district_id=district,
            focus=focus,
        ),
        pk=st.integers(1, 10_000),
        vacancies=st.none() | st.integers(0, 5),
        confirmed=st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        price=st.none() | st.decimals(1, 9000, places=2),
        framework_price=st.none() | st.decimals(1, 9000, places=2),
        district=st.none() | st.integers(9, 11),
        focus=st.sampled_from(["", "missbruk", "trauma och missbruk", "autism"]),
    ),
    max_size=25,
    unique_by=lambda u: u.pk,
)


@given(units=units_strategy, framework=st.sets(st.integers(1, 10_000)))
def test_scores_without_reasons_equal_the_explained_points(units, framework):
    """The ranking scores thousands of units without writing reasons; the rows shown are
    scored again with them. Both must agree, and the reasons must add up to the score."""
    inputs = RankingInputs(
        ratings={u.pk: (Decimal(u.pk % 101), 3) for u in units if u.pk % 2},
        in_framework=dict.fromkeys(framework, True),
        open_deficiencies={u.pk: u.pk % 4 for u in units},
        serious_feedback={u.pk: u.pk % 3 for u in units},
    )
    ranking = Ranking(units, NEED, inputs)
    rows = ranking.rows()
    scores = [score for score, _ in ranking.top()]
    assert [r.score for r in rows] == scores
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert sum(reason.points for reason in row.reasons) == row.score
        assert all(isinstance(reason.text, str) and reason.text for reason in row.reasons)


@given(units=units_strategy, framework=st.sets(st.integers(1, 10_000)), n=st.integers(0, 30))
def test_scoring_tier_by_tier_finds_the_same_best_units_as_scoring_all(units, framework, n):
    """Ranking scores whole tiers (vacancy + framework points) best first and stops when no
    unscored unit can reach the best n; the result must equal sorting every unit."""

    def inputs():
        return RankingInputs(
            ratings={u.pk: (Decimal(u.pk % 101), 3) for u in units if u.pk % 2},
            in_framework=dict.fromkeys(framework, True),
        )

    everything = Ranking(units, NEED, inputs()).top()  # n=None scores every unit
    lazy = Ranking(units, NEED, inputs())
    assert lazy.top(n) == everything[:n]
    bound = lazy.bound_after(n)
    if n >= len(everything):
        assert bound is None
    else:
        assert bound >= everything[n][0]  # an upper bound for every unit outside the best n


def test_tiers_are_scored_only_as_far_as_needed():
    need = Need(category_id=1, start_date=dt.date(2026, 12, 1))
    confirmed = [
        unit(pk, f"Ledig {pk}", vacancies=2, vacancies_confirmed_on=dt.date(2026, 11, 20))
        for pk in range(1, 4)
    ]
    full = [unit(pk, f"Full {pk}", vacancies=0) for pk in range(4, 9)]
    ranking = Ranking(confirmed + full, need, RankingInputs())
    # Tier 40 (confirmed vacancies) + at most 25 more (rating 15, price 10) = 65 for them; the
    # full units' tier 0 + 25 can't reach 40, so they stay unscored for the best two.
    assert [u.name for _, u in ranking.top(2)] == ["Ledig 1", "Ledig 2"]
    assert len(ranking._pending) == 5
    assert ranking.bound_after(2) == Decimal("40.00")  # "Ledig 3"
    assert ranking.bound_after(3) == Decimal("25.00")  # the full units' tier + headroom
    assert len(ranking) == 8


def test_risk_weights_must_subtract(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.INSYN = {
        **settings.INSYN,
        "PLACEMENT": {"PLACEMENT_RANKING_WEIGHTS": {"serious_feedback": 5}},
    }
    with pytest.raises(ImproperlyConfigured, match="serious_feedback"):
        rank([B], NEED, INPUTS)


def test_the_ranking_excludes_exactly_what_fits_excludes(monkeypatch):
    from insyn.placement import ranking

    asked = []

    def only_b(unit, need, in_framework):
        asked.append((unit.pk, in_framework))
        return unit.pk == B.pk

    monkeypatch.setattr(ranking, "fits", only_b)
    assert [row.unit.pk for row in rank([A, B, C], NEED, INPUTS)] == [B.pk]
    assert asked == [(A.pk, True), (B.pk, False), (C.pk, True)]

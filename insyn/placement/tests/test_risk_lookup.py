"""The search asks other apps for risk signals of the best units only, and asks for more
until no unit left unasked can reach the list (queries._with_risk_signals)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from insyn.placement import queries
from insyn.placement.ranking import Need, Ranking, RankingInputs

from .test_ranking import unit, units_strategy

NEED = Need(category_id=1, start_date=dt.date(2026, 12, 1))
TODAY = dt.date(2026, 11, 24)


def ranked_with(monkeypatch, units, deficiencies, limit):
    asked = []

    def open_deficiency_counts(ids):
        asked.append(list(ids))
        return {pk: n for pk, n in deficiencies.items() if pk in ids}

    monkeypatch.setattr(queries, "open_deficiency_counts", open_deficiency_counts)
    monkeypatch.setattr(queries, "serious_feedback_counts", lambda ids, since: {})
    inputs = RankingInputs(ratings={u.pk: (Decimal(100 - u.pk), 3) for u in units})
    ranking = Ranking(units, NEED, inputs)
    rows = queries._with_risk_signals(ranking, NEED, inputs, TODAY, limit).rows(limit)
    return rows, asked


# Vacancies unknown (10) + rating 15 × (100 − pk) / 100: pk 1 → 24.85, 2 → 24.70, … 9 → 23.65.
UNITS = [unit(pk, f"U{pk}") for pk in range(1, 10)]


def test_only_the_best_twice_limit_are_asked_when_they_keep_their_places(monkeypatch):
    rows, asked = ranked_with(monkeypatch, UNITS, {}, limit=2)
    assert [r.unit.pk for r in rows] == [1, 2]
    assert asked == [[1, 2, 3, 4]]


def test_more_are_asked_while_an_unasked_unit_could_still_reach_the_list(monkeypatch):
    # The four best lose 3–15 points; unit 5 (23.80, not yet asked) beats them all, so the
    # next four are asked, and the list is 5 then 6.
    penalised = {1: 5, 2: 5, 3: 5, 4: 1}
    rows, asked = ranked_with(monkeypatch, UNITS, penalised, limit=1)
    assert asked[0] == [1, 2]
    assert [pk for ids in asked for pk in ids] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [r.unit.pk for r in rows] == [5]
    # The same answer as asking about every unit at once.
    everything = Ranking(
        UNITS,
        NEED,
        RankingInputs(
            ratings={u.pk: (Decimal(100 - u.pk), 3) for u in UNITS}, open_deficiencies=penalised
        ),
    )
    assert everything.rows(1)[0].unit.pk == 5


def test_fewer_units_than_the_limit_are_all_asked_once(monkeypatch):
    rows, asked = ranked_with(monkeypatch, UNITS[:3], {2: 1}, limit=5)
    assert asked == [[1, 2, 3]]
    assert [r.unit.pk for r in rows] == [1, 3, 2]


@given(
    units=units_strategy,
    penalties=st.dictionaries(st.integers(1, 10_000), st.integers(0, 6), max_size=30),
    limit=st.integers(1, 8),
)
def test_asking_lazily_gives_the_list_of_asking_about_every_unit(units, penalties, limit):
    def lists(lazy: bool):
        inputs = RankingInputs(ratings={u.pk: (Decimal(u.pk % 101), 3) for u in units})
        if not lazy:
            inputs.open_deficiencies = dict(penalties)
            return [(r.unit.pk, r.score) for r in Ranking(units, NEED, inputs).rows(limit)]
        ranking = Ranking(units, NEED, inputs)
        with (
            mock.patch.object(
                queries,
                "open_deficiency_counts",
                lambda ids: {pk: penalties[pk] for pk in ids if pk in penalties},
            ),
            mock.patch.object(queries, "serious_feedback_counts", lambda ids, since: {}),
        ):
            reranked = queries._with_risk_signals(ranking, NEED, inputs, TODAY, limit)
        return [(r.unit.pk, r.score) for r in reranked.rows(limit)]

    assert lists(lazy=True) == lists(lazy=False)

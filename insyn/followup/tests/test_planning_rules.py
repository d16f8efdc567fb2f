"""Each planning rule function alone, against hand-computed cases (no database)."""

import datetime as dt
from itertools import count
from types import SimpleNamespace

from insyn.followup import planning
from insyn.followup.constants import PlanRule
from insyn.followup.risk import ScoringCategory, ScoringUnit
from insyn.registry.constants import ContractType

HVB = ScoringCategory(1, "hvb-barn", "HVB barn och unga")
LSS = ScoringCategory(2, "lss-boende", "LSS-boende")
HOME = ScoringCategory(3, "hemtjanst", "Hemtjänst")


def _unit(pk, category=HVB):
    return ScoringUnit(pk, f"Enhet {pk}", 1, category.pk, category, 10, "", None)


def _contract(start, end=None, contract_type=ContractType.DIRECT_AWARD, owner_id=None):
    return SimpleNamespace(
        pk=7,
        title="Avtal 7",
        start_date=start,
        end_date=end,
        contract_type=contract_type,
        owner_id=owner_id,
    )


def _turns(*controllers):
    """A `responsible` picker like propose()'s: the owner when given, else controllers in turn."""
    turn = iter(controllers)
    return lambda owner_id=None: owner_id if owner_id is not None else next(turn)


def test_new_contract_rule_gives_each_unit_a_follow_up_six_months_after_start():
    units = [_unit(1), _unit(2, LSS)]
    made = planning._new_contract_rule(
        _contract(dt.date(2025, 9, 15), owner_id=40), units, 2026, "site_visit", _turns()
    )
    assert [(p.unit_id, p.month, p.rule, p.method, p.contract_id) for p in made] == [
        (1, 3, PlanRule.NEW_CONTRACT, "site_visit", 7),
        (2, 3, PlanRule.NEW_CONTRACT, "site_visit", 7),
    ]
    assert [p.responsible_id for p in made] == [40, 40]
    assert made[0].reason == (
        "Avtalet Avtal 7 startade 2025-09-15; uppföljning sex månader efter start."
    )


def test_new_contract_rule_is_silent_outside_its_year_so_rule_two_may_apply():
    # 2025-05-02 + 6 months = 2025-11-02: not in 2026.
    contract = _contract(dt.date(2025, 5, 2))
    assert planning._new_contract_rule(contract, [_unit(1)], 2026, "x", _turns()) is None
    # Due in 2026 but no active unit: no proposals, and still no framework follow-ups.
    assert (
        planning._new_contract_rule(_contract(dt.date(2025, 9, 1)), [], 2026, "x", _turns()) == []
    )


def test_framework_rule_proposes_each_unit_at_the_framework_dates_in_the_year():
    # 2024-01-01 – 2027-12-31: follow-ups 2025-05-02 and 2026-08-31 (test_planning): 2026 → Aug.
    contract = _contract(dt.date(2024, 1, 1), dt.date(2027, 12, 31), ContractType.FRAMEWORK)
    made = planning._framework_rule(
        contract, [_unit(1), _unit(2)], 2026, "contract_audit", _turns(50, 51)
    )
    assert [(p.unit_id, p.month, p.rule, p.method, p.responsible_id) for p in made] == [
        (1, 8, PlanRule.FRAMEWORK, "contract_audit", 50),
        (2, 8, PlanRule.FRAMEWORK, "contract_audit", 51),
    ]
    assert planning._framework_rule(contract, [_unit(1)], 2027, "x", _turns()) == []


def test_framework_rule_ignores_other_contract_types():
    contract = _contract(dt.date(2024, 1, 1), dt.date(2027, 12, 31), ContractType.DIRECT_AWARD)
    assert planning._framework_rule(contract, [_unit(1)], 2026, "x", _turns()) == []


def test_category_cover_rule_takes_the_best_unit_of_each_category():
    ranked = [_unit(5, HVB), _unit(3, HVB), _unit(9, LSS), _unit(1, HOME), _unit(2, LSS)]
    assert [u.pk for u in planning._category_cover_rule(ranked, 70)] == [5, 9, 1]
    # With less capacity than categories, the best-ranked categories win.
    assert [u.pk for u in planning._category_cover_rule(ranked, 2)] == [5, 9]


def test_risk_rule_fills_the_room_left_with_the_highest_untaken_scores():
    ranked = [_unit(5), _unit(3), _unit(9), _unit(1), _unit(2)]
    assert [u.pk for u in planning._risk_rule(ranked, {5, 9}, 2)] == [3, 1]
    assert planning._risk_rule(ranked, {5}, 0) == []
    assert [u.pk for u in planning._risk_rule(ranked, set(), 10)] == [5, 3, 9, 1, 2]


def test_extended_visits_go_highest_score_first_over_the_visit_months(settings):
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"VISIT_MONTHS": [2, 3]}}
    a, b, c = _unit(1, HVB), _unit(2, LSS), _unit(3, HVB)
    scores = {1: 40.0, 2: 55.5, 3: 40.0}
    chosen = [(a, PlanRule.CATEGORY_COVER), (b, PlanRule.CATEGORY_COVER), (c, PlanRule.RISK)]
    methods = {PlanRule.CATEGORY_COVER: "site_visit", PlanRule.RISK: "desk_review"}
    ids = count(60)
    made = planning._extended_visits(chosen, scores, methods, lambda: next(ids))
    # 55.5 first; the tie at 40 goes to the lower unit id; months cycle 2, 3, 2.
    assert [(p.unit_id, p.month, p.rule, p.method, p.score, p.responsible_id) for p in made] == [
        (2, 2, PlanRule.CATEGORY_COVER, "site_visit", 55.5, 60),
        (1, 3, PlanRule.CATEGORY_COVER, "site_visit", 40.0, 61),
        (3, 2, PlanRule.RISK, "desk_review", 40.0, 62),
    ]
    assert made[0].reason == "Högst riskpoäng (55.5) i kategorin LSS-boende."
    assert made[2].reason == "Riskpoäng 40.0, bland de högsta i kommunen."

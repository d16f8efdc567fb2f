"""Each planning rule against hand-computed cases; the command stores nothing."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.followup import planning
from insyn.followup.constants import PlanRule
from insyn.followup.models import FollowUpPlan, PlannedFollowUp
from insyn.registry.constants import ContractType, OperationForm
from insyn.registry.models import Category
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _planning_in_november(time_machine):
    # Plans are proposed late in the year before; scores depend on "today".
    time_machine.move_to(dt.datetime(2025, 11, 20, 12, tzinfo=dt.UTC))


def _rules(proposals, unit):
    return [(p.rule, p.month) for p in proposals if p.unit_id == unit.pk]


def test_contract_started_2025_09_15_is_followed_up_in_march_2026(unit):
    ContractFactory(
        provider=unit.provider,
        units=[unit],
        contract_type=ContractType.DIRECT_AWARD,
        start_date=dt.date(2025, 9, 15),
        end_date=dt.date(2027, 9, 14),
    )
    proposals = planning.propose(2026)
    assert _rules(proposals, unit) == [(PlanRule.NEW_CONTRACT, 3)]


def test_new_contract_rule_does_not_fire_outside_its_year(unit):
    ContractFactory(
        provider=unit.provider,
        units=[unit],
        contract_type=ContractType.DIRECT_AWARD,
        start_date=dt.date(2025, 5, 2),
    )
    assert PlanRule.NEW_CONTRACT not in [r for r, _ in _rules(planning.propose(2026), unit)]


def test_four_year_framework_contract_gets_two_spread_follow_ups():
    # 2024-01-01 – 2027-12-31 is 1460 days: 1/3 → day 487 = 2025-05-02, 2/3 → 2026-08-31.
    assert planning.framework_dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)) == [
        dt.date(2025, 5, 2),
        dt.date(2026, 8, 31),
    ]


def test_framework_follow_ups_are_proposed_in_their_years():
    unit_a = UnitFactory()
    ContractFactory(
        provider=unit_a.provider,
        units=[unit_a],
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2027, 12, 31),
    )
    assert _rules(planning.propose(2025), unit_a) == [(PlanRule.FRAMEWORK, 5)]
    assert _rules(planning.propose(2026), unit_a) == [(PlanRule.FRAMEWORK, 8)]
    assert [r for r, _ in _rules(planning.propose(2027), unit_a)] != [PlanRule.FRAMEWORK]


def test_capacity_70_with_six_categories_covers_every_category():
    categories = list(Category.objects.order_by("pk")[:6])
    # 100 high-risk units (many places) in the first category, 5 low-risk units in each other.
    for _ in range(100):
        UnitFactory(category=categories[0], places=40)
    for cat in categories[1:]:
        for _ in range(5):
            UnitFactory(category=cat, places=1, vacancies=0)
    proposals = planning.propose(2026)
    assert len(proposals) == 70
    assert {p.category for p in proposals} == {c.name for c in categories}
    covered = [p for p in proposals if p.rule == PlanRule.CATEGORY_COVER]
    assert len(covered) == 6
    assert all(p.month in planning.conf.get("VISIT_MONTHS") for p in proposals)


def test_highest_scores_get_extended_visits_first(settings):
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"PLAN_CAPACITY": 2}}
    low = UnitFactory(places=1, vacancies=0)
    high = UnitFactory(places=30)
    mid = UnitFactory(places=10)
    chosen = {p.unit_id for p in planning.propose(2026)}
    assert chosen == {high.pk, mid.pk} and low.pk not in chosen


def test_own_units_are_planned_on_the_same_terms():
    own = UnitFactory(provider=ProviderFactory(operation_form=OperationForm.OWN))
    ContractFactory(
        provider=own.provider,
        units=[own],
        contract_type=ContractType.ASSIGNMENT,
        start_date=dt.date(2025, 9, 15),
    )
    assert _rules(planning.propose(2026), own) == [(PlanRule.NEW_CONTRACT, 3)]


def test_closed_units_are_never_proposed():
    closed = UnitFactory(active=False)
    assert closed.pk not in {p.unit_id for p in planning.propose(2026)}


def test_committee_limits_the_proposal_to_its_contracts():
    committee = OrgUnitFactory(name="Socialnämnden")
    mine, other = UnitFactory(), UnitFactory()
    ContractFactory(
        provider=mine.provider, units=[mine], committee=committee, start_date=dt.date(2025, 9, 15)
    )
    ContractFactory(provider=other.provider, units=[other], start_date=dt.date(2025, 9, 15))
    assert {p.unit_id for p in planning.propose(2026, committee=committee)} == {mine.pk}


def test_propose_plan_command_prints_json_lines_and_stores_nothing(unit):
    ContractFactory(provider=unit.provider, units=[unit], start_date=dt.date(2025, 9, 15))
    out = StringIO()
    call_command("propose_plan", "--year", "2026", "--format", "json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0] | {"unit": unit.pk, "month": 3, "rule": "new_contract"} == rows[0]
    assert set(rows[0]) >= {"unit", "contract", "method", "month", "rule", "score"}
    assert FollowUpPlan.objects.count() == 0 and PlannedFollowUp.objects.count() == 0

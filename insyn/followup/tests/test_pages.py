"""Dashboards, dossier, plan page, coverage and strategic contracts; with query budgets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.followup import classification
from insyn.followup.constants import FollowUpStatus, ImpactClass, ValueClass
from insyn.followup.models import Finding, RiskSnapshot
from insyn.questionnaires.tests.factories import QuestionFactory
from insyn.registry.tests.factories import (
    ContractFactory,
    RequirementFactory,
    UnitFactory,
    category,
)

from .factories import DeficiencyFactory, FollowUpFactory, PlanFactory, PlannedFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 20, 10, tzinfo=dt.UTC))


def test_controller_dashboard_lists_month_overdue_reviews_and_risers(client, controller, unit):
    plan = PlanFactory(year=2026)
    PlannedFollowUpFactory(plan=plan, unit=unit, month=5, responsible=controller)
    late = PlannedFollowUpFactory(plan=plan, month=2)
    FollowUpFactory(status=FollowUpStatus.SUBMITTED, unit=UnitFactory(name="Svarat Boende"))
    RiskSnapshot.objects.create(
        unit=unit, score=Decimal("20"), computed_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    )
    RiskSnapshot.objects.create(
        unit=unit, score=Decimal("31"), computed_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    )
    client.force_login(controller)
    html = client.get(reverse("home")).content.decode()
    assert "Mina uppföljningar denna månad" in html
    assert unit.name in html and late.unit.name in html and "Svarat Boende" in html
    assert "20,0 → 31,0" in html


def test_provider_start_page_shows_due_deficiencies(client, provider_user, unit):
    deficiency = DeficiencyFactory(followup__unit=unit, deadline=dt.date(2026, 5, 1))
    client.force_login(provider_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert deficiency.description in html and "Försenad" in html


def test_unit_page_shows_risk_score_item_by_item(client, controller, unit):
    client.force_login(controller)
    html = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert "Risk- och väsentlighetspoäng" in html
    for label in ("Avtalsvärde", "Målgruppens sårbarhet", "Tid sedan senaste uppföljning"):
        assert label in html


def test_dossier_gathers_history_deficiencies_and_stays_within_query_budget(
    client, controller, unit, django_assert_max_num_queries
):
    for year in range(2019, 2026):
        followup = FollowUpFactory(
            unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(year, 4, 1)
        )
        DeficiencyFactory(followup=followup)
    client.force_login(controller)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("followup:dossier", args=[unit.pk]))
    html = response.content.decode()
    assert "2019-04-01" in html and "2025-04-01" in html
    assert html.count("Genomförandeplaner saknas") == 7


def test_plan_page_shows_progress_and_stays_within_query_budget(
    client, controller, django_assert_max_num_queries
):
    plan = PlanFactory(year=2026)
    for month in range(1, 13):
        row = PlannedFollowUpFactory(plan=plan, month=month)
        if month < 3:
            FollowUpFactory(unit=row.unit, planned=row, status=FollowUpStatus.DONE)
    client.force_login(controller)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("followup:plan_detail", args=[plan.pk]))
    progress = response.context["progress"]
    assert progress["total"] == {"planned": 8, "done": 2, "overdue": 2, "total": 12}
    html = response.content.decode()
    assert "Hur planen går (årshjul)" in html
    assert 'src="data:image/svg+xml;base64,' in html  # the chart, beside its table


def test_list_pages_stay_within_query_budget(client, controller, django_assert_max_num_queries):
    for _ in range(15):
        DeficiencyFactory()
        PlanFactory(year=2000 + _)
    client.force_login(controller)
    for name in ("followup:deficiency_list", "followup:followup_list", "followup:plan_list"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_classification_value_and_impact_are_hand_computed(settings):
    lss = UnitFactory.build(category=category("lss-boende"), places=4)
    home_care = UnitFactory.build(category=category("hemtjanst"), places=10)
    big_home_care = UnitFactory.build(category=category("hemtjanst"), places=12)
    result = classification.classify(Decimal("6000000"), [lss])
    assert (result.value_class, result.impact_class, result.strategic) == (
        ValueClass.HIGH,
        ImpactClass.HIGH,
        True,
    )
    # hemtjänst: 10 places × 5.0 = 50 < 60 → low impact; 12 × 5.0 = 60 → high.
    assert classification.classify(Decimal("6000000"), [home_care]).impact_class == ImpactClass.LOW
    assert classification.classify(Decimal("100"), [big_home_care]).impact_class == ImpactClass.HIGH
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"VALUE_HIGH_FROM": 10_000_000}}
    assert classification.classify(Decimal("6000000"), [lss]).value_class == ValueClass.LOW


def test_strategic_contracts_warn_above_the_limit(client, controller, settings):
    settings.INSYN = {**settings.INSYN, "FOLLOWUP": {"STRATEGIC_WARNING_ABOVE": 2}}
    committee = OrgUnitFactory(name="Socialnämnd Hisingen")
    for _ in range(3):
        unit = UnitFactory(category=category("hvb-barn"))
        ContractFactory(
            provider=unit.provider,
            units=[unit],
            committee=committee,
            annual_value=Decimal("8000000"),
            start_date=dt.date(2025, 1, 1),
        )
    client.force_login(controller)
    html = client.get(reverse("followup:strategic_contracts")).content.decode()
    assert "Socialnämnd Hisingen (3)" in html
    assert "Nämnden har 3 strategiska avtal, fler än 2" in html


def test_coverage_shows_tested_and_never_tested_requirements(client, controller, unit):
    contract = ContractFactory(provider=unit.provider, units=[unit], start_date=dt.date(2025, 1, 1))
    tested = RequirementFactory(contract=contract, clause="5.2", text="Avvikelserutin")
    never = RequirementFactory(contract=contract, clause="7.1", text="Nattbemanning")
    question = QuestionFactory(requirement=tested, text="Finns avvikelserutin?")
    followup = FollowUpFactory(
        unit=unit,
        template=question.template,
        status=FollowUpStatus.DONE,
        performed_on=dt.date(2026, 2, 3),
    )
    finding = Finding.objects.create(
        followup=followup,
        question=question,
        requirement=tested,
        assessment="not_met",
        text="Saknas",
    )
    DeficiencyFactory(
        followup=followup, finding=finding, requirement=tested, description="Avvikelserutin saknas"
    )
    client.force_login(controller)
    response = client.get(reverse("followup:coverage", args=[contract.pk]))
    rows = {row["requirement"].pk: row for row in response.context["rows"]}
    assert rows[tested.pk]["last_tested"] == dt.date(2026, 2, 3)
    assert rows[tested.pk]["result"] == "Inte uppfyllt"
    assert [d.description for d in rows[tested.pk]["deficiencies"]] == ["Avvikelserutin saknas"]
    assert rows[never.pk]["never_tested"]
    assert "Aldrig prövat" in response.content.decode()


def test_snapshot_command_stores_scores_for_active_units(unit):
    UnitFactory(active=False)
    call_command("snapshot_risk")
    assert list(RiskSnapshot.objects.values_list("unit_id", flat=True)) == [unit.pk]

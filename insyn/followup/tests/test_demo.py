"""The demo data for follow-up is consistent: history, this year's plan, open items."""

import datetime as dt

import pytest

from insyn.core.demo import DemoContext
from insyn.followup import demo
from insyn.followup.constants import FollowUpStatus, PlanStatus
from insyn.followup.models import Deficiency, FollowUp, FollowUpPlan
from insyn.registry.tests.factories import UnitFactory


@pytest.mark.django_db
def test_demo_seeds_years_of_history_and_an_approved_plan_for_this_year(controller):
    for _ in range(12):
        UnitFactory()
    ctx = DemoContext(seed=1, today=dt.date(2026, 6, 15), scale=0.1, log=lambda *_: None)
    demo.seed(ctx)
    years = set(FollowUpPlan.objects.values_list("year", flat=True))
    assert years == set(range(2021, 2027))
    assert not FollowUpPlan.objects.exclude(status=PlanStatus.APPROVED).exists()
    assert FollowUp.objects.filter(status=FollowUpStatus.DONE, performed_on__year=2021).exists()
    assert FollowUp.objects.filter(status=FollowUpStatus.SENT).exists()
    assert all(
        d.unit_id == d.followup.unit_id for d in Deficiency.objects.select_related("followup")
    )


@pytest.mark.django_db
def test_demo_remedies_most_deficiencies_before_the_accepted_plans_due_date(controller):
    # The annual report showed "0 % brister åtgärdade i tid" because every demo deficiency
    # was remedied 100 days after the follow-up, past the plan's due date at 75 days.
    from insyn.reports.indicators import remedied_in_time

    for _ in range(40):
        UnitFactory()
    ctx = DemoContext(seed=3, today=dt.date(2026, 6, 15), scale=0.4, log=lambda *_: None)
    demo.seed(ctx)
    remedied = list(Deficiency.objects.exclude(remedied_at=None).prefetch_related("action_plans"))
    assert len(remedied) >= 10
    in_time = sum(remedied_in_time(d) for d in remedied)
    assert 0.6 <= in_time / len(remedied) < 1


@pytest.mark.django_db
def test_demo_shares_a_contract_between_committees_and_overrides_the_proposal(controller):
    from decimal import Decimal

    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit
    from insyn.accounts.tests.factories import UserFactory
    from insyn.followup import classification
    from insyn.followup.models import StrategicJudgement
    from insyn.registry.models import Category, ContractCommittee
    from insyn.registry.tests.factories import ContractFactory

    centrum = OrgUnit.objects.create(name="SN Centrum", kind=OrgUnitKind.COMMITTEE)
    OrgUnit.objects.create(name="SN Nordost", kind=OrgUnitKind.COMMITTEE)
    UserFactory(manager=True, org_unit=centrum)
    hvb, other = UnitFactory(), UnitFactory(category=Category.objects.exclude(code="hvb-barn")[0])
    big = ContractFactory(committee=centrum, units=[hvb, other], annual_value=Decimal(9e7))
    small = ContractFactory(committee=centrum, units=[], annual_value=Decimal(1000))
    ctx = DemoContext(seed=1, today=dt.date(2026, 6, 15), scale=0.1, log=lambda *_: None)
    demo.seed(ctx)
    assert ContractCommittee.objects.filter(contract=big).count() == 2
    latest = classification.latest_judgements([big.pk, small.pk])
    assert latest[(big.pk, centrum.pk)].strategic is False  # proposed strategic, overridden
    assert latest[(small.pk, centrum.pk)].strategic is True  # proposed not, overridden
    assert StrategicJudgement.objects.filter(contract=small).count() == 2  # history kept


@pytest.mark.django_db
def test_demo_council_report_answers_ja_and_nej_and_links_deficiencies_to_goals(settings):
    # The demo's council report showed only "Ej uppföljt": no requirement was essential, no
    # finding named a requirement and no deficiency was linked to a goal.
    from insyn.accounts import demo as accounts_demo
    from insyn.registry import demo as registry_demo
    from insyn.reports import council
    from insyn.reports import demo as reports_demo
    from insyn.reports.models import Goal

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = DemoContext(seed=2026, today=dt.date(2026, 11, 24), scale=0.05, log=lambda *_: None)
    for module in (accounts_demo, registry_demo, demo, reports_demo):
        module.seed(ctx)
    entries = [e for s in council.council_report(2026) for e in s.entries]
    answers = {e.requirements_met for e in entries}
    assert {"Ja", "Nej"} <= answers
    assert any(e.unmet for e in entries)  # partly met, no deficiency: listed
    assert any(e.deficiencies for e in entries)
    assert Goal.affected_by.through.objects.filter(goal__year=2026).exists()

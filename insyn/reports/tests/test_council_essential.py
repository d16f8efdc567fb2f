"""The council report's answer to "uppfyller leverantören väsentliga kvalitetskrav enligt
avtalet" (seed 004), computed from essential requirements only, and the deficiencies' links
to the committee goals they affect."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory
from insyn.followup.constants import Assessment, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import Finding
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.registry.models import ContractRequirement
from insyn.registry.tests.factories import ContractFactory, UnitFactory
from insyn.reports import council
from insyn.reports.constants import GoalLevel
from insyn.reports.models import Goal

pytestmark = pytest.mark.django_db

STRATEGIC_VALUE = Decimal("8000000")


@pytest.fixture
def setup():
    committee = OrgUnitFactory(name="Socialnämnden Nordost", kind=OrgUnitKind.COMMITTEE)
    unit = UnitFactory()
    contract = ContractFactory(
        title="Ramavtal HVB", committee=committee, annual_value=STRATEGIC_VALUE, units=[unit]
    )
    essential = ContractRequirement.objects.create(
        contract=contract, clause="5.2", text="Genomförandeplan", essential=True
    )
    ordinary = ContractRequirement.objects.create(
        contract=contract, clause="8.1", text="Städrutiner", essential=False
    )
    followup = FollowUpFactory(
        unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 4, 2)
    )
    return {
        "committee": committee,
        "contract": contract,
        "essential": essential,
        "ordinary": ordinary,
        "followup": followup,
    }


def _finding(s, requirement, assessment):
    return Finding.objects.create(
        followup=s["followup"], requirement=requirement, assessment=assessment, text="Iakttagelse"
    )


def _entry():
    (section,) = council.council_report(2024)
    (entry,) = section.entries
    return entry


def test_met_when_every_tested_essential_requirement_is_met(setup):
    _finding(setup, setup["essential"], Assessment.MET)
    assert _entry().requirements_met == "Ja"


def test_met_when_the_essential_deficiency_is_remedied(setup):
    _finding(setup, setup["essential"], Assessment.NOT_MET)
    DeficiencyFactory(
        followup=setup["followup"],
        requirement=setup["essential"],
        status=DeficiencyStatus.REMEDIED,
        remedied_at=timezone.make_aware(dt.datetime(2024, 5, 20, 10)),
    )
    assert _entry().requirements_met == "Ja"


def test_not_met_lists_the_essential_deficiencies_apart_from_others(setup):
    _finding(setup, setup["essential"], Assessment.NOT_MET)
    essential = DeficiencyFactory(
        followup=setup["followup"], requirement=setup["essential"], description="Planer saknas"
    )
    other = DeficiencyFactory(
        followup=setup["followup"], requirement=setup["ordinary"], description="Ostädat"
    )
    entry = _entry()
    assert entry.requirements_met == "Nej"
    assert entry.deficiencies == [essential]
    assert entry.other_deficiencies == [other]


def test_only_non_essential_deficiencies_is_not_followed_up(setup):
    _finding(setup, setup["ordinary"], Assessment.NOT_MET)
    DeficiencyFactory(followup=setup["followup"], requirement=setup["ordinary"])
    entry = _entry()
    assert entry.requirements_met == "Ej uppföljt"
    assert entry.deficiencies == [] and len(entry.other_deficiencies) == 1


def test_not_tested_at_all_and_noted_only(setup):
    assert _entry().requirements_met == "Ej uppföljt"
    _finding(setup, setup["essential"], Assessment.NOTED)
    assert _entry().requirements_met == "Ej uppföljt"


def test_controller_links_the_deficiency_to_committee_goals(client, controller, setup):
    deficiency = DeficiencyFactory(
        followup=setup["followup"], requirement=setup["essential"], description="Planer saknas"
    )
    goal = Goal.objects.create(
        year=2024, level=GoalLevel.COMMITTEE, org_unit=setup["committee"], title="Trygg vård"
    )
    other_committee = OrgUnitFactory(name="Annan nämnd", kind=OrgUnitKind.COMMITTEE)
    foreign = Goal.objects.create(
        year=2024, level=GoalLevel.COMMITTEE, org_unit=other_committee, title="Annat mål"
    )
    client.force_login(controller)
    response = client.post(
        reverse("reports:council_report"),
        {"year": 2024, f"goals_{deficiency.pk}": [goal.pk, foreign.pk, "x"]},
    )
    assert response.status_code == 302
    assert list(deficiency.affected_goals.all()) == [goal]  # another committee's is ignored
    page = client.get(reverse("reports:council_report") + "?year=2024").content.decode()
    assert "Nej" in page and "5.2: Planer saknas" in page
    manager_view = council.council_report(2024)[0].entries[0]
    assert [g.title for g in manager_view.deficiencies[0].affected_goals.all()] == ["Trygg vård"]
    api = client.get("/api/v1/reports/strategic-contracts/", {"year": 2024}).json()
    assert api[0]["contracts"][0]["deficiencies"][0]["affected_goals"] == ["Nämndmål: Trygg vård"]

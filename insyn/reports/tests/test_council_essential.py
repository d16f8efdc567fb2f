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


def test_not_met_without_a_deficiency_is_not_met_and_listed(setup):
    # Finishing the follow-up may skip the deficiency (Finding.no_deficiency_reason).
    _finding(setup, setup["essential"], Assessment.NOT_MET)
    entry = _entry()
    assert entry.requirements_met == "Nej"
    assert entry.deficiencies == []
    (unmet,) = entry.unmet
    assert (unmet.clause, unmet.assessment_label) == ("5.2", "Inte uppfyllt")


def test_partly_met_is_not_met(setup):
    _finding(setup, setup["essential"], Assessment.PARTLY)
    entry = _entry()
    assert entry.requirements_met == "Nej"
    assert [u.requirement_id for u in entry.unmet] == [setup["essential"].pk]


def test_met_essential_with_a_failing_ordinary_requirement_is_met(setup):
    _finding(setup, setup["essential"], Assessment.MET)
    _finding(setup, setup["ordinary"], Assessment.PARTLY)
    entry = _entry()
    assert entry.requirements_met == "Ja"
    assert entry.unmet == []


def test_partly_met_in_another_followup_of_the_contract_counts(setup):
    _finding(setup, setup["essential"], Assessment.MET)
    later = FollowUpFactory(
        unit=setup["followup"].unit, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 9, 1)
    )
    Finding.objects.create(
        followup=later, requirement=setup["essential"], assessment=Assessment.PARTLY, text="Brist"
    )
    assert _entry().requirements_met == "Nej"


def test_unmet_findings_show_on_the_page_and_in_the_api(client, controller, setup):
    _finding(setup, setup["essential"], Assessment.PARTLY)
    client.force_login(controller)
    page = client.get(reverse("reports:council_report") + "?year=2024").content.decode()
    assert "5.2: Genomförandeplan – delvis uppfyllt, ingen brist registrerad" in page
    api = client.get("/api/v1/reports/strategic-contracts/", {"year": 2024}).json()
    contract = api[0]["contracts"][0]
    assert contract["requirements_met"] == "Nej"
    assert contract["unmet_requirements"] == [
        {
            "requirement": "5.2 Genomförandeplan",
            "assessment": "Delvis uppfyllt",
            "finding": "Iakttagelse",
        }
    ]


def test_the_report_reads_a_fixed_number_of_queries(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _finding(setup, setup["essential"], Assessment.PARTLY)
    with CaptureQueriesContext(connection) as one:
        council.council_report(2024)
    for n in range(3):
        unit = UnitFactory()
        contract = ContractFactory(
            title=f"Avtal {n}",
            committee=setup["committee"],
            annual_value=STRATEGIC_VALUE,
            units=[unit],
        )
        requirement = ContractRequirement.objects.create(
            contract=contract, clause="1.1", text="Krav", essential=True
        )
        followup = FollowUpFactory(
            unit=unit, status=FollowUpStatus.DONE, performed_on=dt.date(2024, 3, 1)
        )
        Finding.objects.create(
            followup=followup, requirement=requirement, assessment=Assessment.NOT_MET, text="x"
        )
    with CaptureQueriesContext(connection) as four:
        (section,) = council.council_report(2024)
    assert [e.requirements_met for e in section.entries] == ["Nej"] * 4
    assert len(four) == len(one) <= 10  # the findings are one query for every contract

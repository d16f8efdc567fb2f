"""The council report on strategic contracts (seed 004), compiled for every committee into one
report for the municipal executive board.

Strategic contracts are classified by `followup.classification` (high value and high impact)
among the contracts running some time during the year; each committee with a part of a
contract judges it for its part (`StrategicJudgement`), and its judgement overrides the
proposal: the contract is listed under every committee that holds it strategic, with the
committee's reason when it judged. Per contract:
- followed up: follow-ups finished in the year on the contract's units (method and area,
  the area being the unit's category);
- essential quality requirements met (`essential_answer`), from the contract's requirements
  marked essential (registry.ContractRequirement.essential) and the year's finished
  follow-ups of its units:
  "Ej uppföljt" when no essential requirement was tested (no finding assessed met, partly or
  not met, and no deficiency, against one of them);
  "Nej" when a deficiency against an essential requirement is not remedied, or when a
  finding assessed an essential requirement not met or partly met and no deficiency against
  that requirement was registered in that follow-up (finishing a follow-up may skip the
  deficiency, and "partly met" never creates one): such findings are listed as unmet
  requirements (`ContractEntry.unmet`);
  "Ja" otherwise (every tested essential requirement met, or its deficiency remedied);
- the deficiencies against essential requirements, listed with their latest action plan
  (measures, due date, status) and the committee goals they affect (Goal.affected_by);
  other deficiencies are listed apart and do not change the answer;
- how they affected the committee's goals: the linked goals, plus text the controller writes
  (StrategicContractNote).

Worked example: a contract with essential requirement 5.2; the year's follow-up assessed 5.2
not met and registered a deficiency that was remedied in May → "Ja"; had it still been open
→ "Nej"; a follow-up that only found a deficiency against a non-essential requirement →
"Ej uppföljt", with that deficiency under "övriga brister"; a follow-up that assessed 5.2
partly met (no deficiency) → "Nej", with the finding listed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from insyn.followup.classification import strategic_parts
from insyn.followup.constants import Assessment, DeficiencyStatus, FollowUpStatus
from insyn.followup.models import Deficiency, Finding, FollowUp
from insyn.registry.models import Contract, Unit

from .models import Goal, StrategicContractNote

MET, NOT_MET, NOT_FOLLOWED = "Ja", "Nej", "Ej uppföljt"


def is_remedied(deficiency) -> bool:
    return deficiency.status == DeficiencyStatus.REMEDIED and deficiency.remedied_at is not None


def essential_answer(
    tested_essential: int, essential_deficiencies: list, unmet_findings: list = ()
) -> str:
    """The council report's answer for one contract and year (module docstring).

    `tested_essential`: findings assessed (not just noted) against essential requirements;
    `essential_deficiencies`: deficiencies against essential requirements;
    `unmet_findings`: findings assessed not met or partly met against an essential
    requirement with no deficiency against it in the same follow-up.
    essential_answer(0, []) == "Ej uppföljt"; essential_answer(2, []) == "Ja";
    essential_answer(1, [open deficiency]) == "Nej"; essential_answer(1, [], [partly]) == "Nej".
    """
    if not tested_essential and not essential_deficiencies:
        return NOT_FOLLOWED
    if unmet_findings or any(not is_remedied(d) for d in essential_deficiencies):
        return NOT_MET
    return MET


@dataclass(frozen=True)
class UnmetFinding:
    """A finding that an essential requirement was not met or partly met, with no deficiency."""

    followup_id: int
    requirement_id: int
    clause: str
    requirement_text: str
    assessment: str
    text: str

    @property
    def assessment_label(self) -> str:
        return Assessment(self.assessment).label


@dataclass
class ContractEntry:
    contract: Contract
    followups: list
    deficiencies: list  # against essential requirements
    note: str
    other_deficiencies: list = field(default_factory=list)
    tested_essential: int = 0
    unmet: list = field(default_factory=list)  # UnmetFinding, essential requirements only
    goal_choices: list = field(default_factory=list)
    # The committee's own judgement (followup.StrategicJudgement), None when the proposal
    # (value × impact) stands; `proposed` is that proposal.
    judgement: object = None
    proposed: bool = True

    @property
    def overridden(self) -> bool:
        return self.judgement is not None and self.judgement.strategic != self.proposed

    @property
    def requirements_met(self) -> str:
        return essential_answer(self.tested_essential, self.deficiencies, self.unmet)

    @property
    def areas(self) -> list[str]:
        return sorted({f.unit.category.name for f in self.followups})


@dataclass
class CommitteeSection:
    committee: object
    entries: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.committee.name if self.committee else "Ingen nämnd angiven"


def running_in(year: int):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Contract.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )


def council_report(year: int, contracts=None) -> list[CommitteeSection]:
    contracts = (contracts if contracts is not None else Contract.objects).filter(
        pk__in=running_in(year)
    )
    contracts = list(
        contracts.select_related("committee", "provider").prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("category")),
            "committee_parts__committee",
        )
    )
    parts = strategic_parts(contracts)
    chosen = list({p.contract.pk: p.contract for p in parts}.values())
    unit_ids = {u.pk for c in chosen for u in c.units.all()}
    followups = list(
        FollowUp.objects.filter(
            unit_id__in=unit_ids, status=FollowUpStatus.DONE, performed_on__year=year
        ).select_related("unit__category")
    )
    deficiencies = list(
        Deficiency.objects.filter(followup__in=[f.pk for f in followups])
        .select_related("unit", "requirement")
        .prefetch_related(
            "action_plans",
            Prefetch("affected_goals", queryset=Goal.objects.filter(year=year).order_by("title")),
        )
    )
    tested, unmet = {}, {}
    # (follow-up, requirement) pairs with a deficiency: a failing finding there is listed
    # through the deficiency (and a remedied one answers "Ja").
    with_deficiency = {(d.followup_id, d.requirement_id) for d in deficiencies}
    for followup_id, requirement_id, contract_id, assessment, text, clause, req_text in (
        Finding.objects.filter(followup__in=[f.pk for f in followups], requirement__essential=True)
        .exclude(assessment=Assessment.NOTED)
        .order_by("followup_id", "requirement__clause", "pk")
        .values_list(
            "followup_id",
            "requirement_id",
            "requirement__contract_id",
            "assessment",
            "text",
            "requirement__clause",
            "requirement__text",
        )
    ):
        tested.setdefault(contract_id, set()).add((followup_id, requirement_id))
        if (
            assessment in (Assessment.NOT_MET, Assessment.PARTLY)
            and (followup_id, requirement_id) not in with_deficiency
        ):
            unmet.setdefault(contract_id, []).append(
                UnmetFinding(followup_id, requirement_id, clause, req_text, assessment, text)
            )
    committee_ids = {p.committee.pk for p in parts if p.committee is not None}
    goals_by_committee: dict = {}
    for goal in Goal.objects.filter(
        year=year, org_unit_id__in=committee_ids, level__in=["committee", "unit"]
    ).order_by("title"):
        goals_by_committee.setdefault(goal.org_unit_id, []).append(goal)
    notes = dict(
        StrategicContractNote.objects.filter(year=year, contract__in=chosen).values_list(
            "contract_id", "goal_effect"
        )
    )
    sections: dict = {}
    for part in sorted(
        parts, key=lambda p: (p.committee.name if p.committee else "", p.contract.title)
    ):
        contract, committee = part.contract, part.committee
        committee_id = committee.pk if committee is not None else None
        ids = {u.pk for u in contract.units.all()}
        own_followups = [f for f in followups if f.unit_id in ids]
        followup_ids = {f.pk for f in own_followups}
        found = [d for d in deficiencies if d.followup_id in followup_ids]
        for deficiency in found:
            plans = sorted(deficiency.action_plans.all(), key=lambda p: (p.created_at, p.pk))
            deficiency.latest_plan = plans[-1] if plans else None
        essential = [
            d
            for d in found
            if d.requirement is not None
            and d.requirement.essential
            and d.requirement.contract_id == contract.pk
        ]
        section = sections.setdefault(committee_id, CommitteeSection(committee))
        section.entries.append(
            ContractEntry(
                contract,
                own_followups,
                essential,
                notes.get(contract.pk, ""),
                other_deficiencies=[d for d in found if d not in essential],
                tested_essential=len(
                    {t for t in tested.get(contract.pk, set()) if t[0] in followup_ids}
                ),
                unmet=[u for u in unmet.get(contract.pk, []) if u.followup_id in followup_ids],
                goal_choices=goals_by_committee.get(committee_id, []),
                judgement=part.judgement,
                proposed=part.proposed,
            )
        )
    return list(sections.values())

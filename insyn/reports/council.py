"""The council report on strategic contracts (seed 004), compiled for every committee into one
report for the municipal executive board.

Strategic contracts are classified by `followup.classification` (high value and high impact)
among the contracts running some time during the year. Per contract:
- followed up: follow-ups finished in the year on the contract's units (method and area,
  the area being the unit's category);
- essential quality requirements met: "Ja" when the year's follow-ups found no deficiency,
  "Nej" when they found any, "Inte uppföljt" when nothing was followed up;
- the deficiencies found, and for each its latest action plan (measures, due date, status);
- how they affected the committee's goals: text the controller writes (StrategicContractNote).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from insyn.followup.classification import strategic_contracts
from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import Deficiency, FollowUp
from insyn.registry.models import Contract, Unit

from .models import StrategicContractNote

MET, NOT_MET, NOT_FOLLOWED = "Ja", "Nej", "Inte uppföljt"


@dataclass
class ContractEntry:
    contract: Contract
    followups: list
    deficiencies: list
    note: str

    @property
    def requirements_met(self) -> str:
        if not self.followups:
            return NOT_FOLLOWED
        return NOT_MET if self.deficiencies else MET

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
            Prefetch("units", queryset=Unit.objects.select_related("category"))
        )
    )
    chosen = strategic_contracts(contracts)
    unit_ids = {u.pk for c in chosen for u in c.units.all()}
    followups = list(
        FollowUp.objects.filter(
            unit_id__in=unit_ids, status=FollowUpStatus.DONE, performed_on__year=year
        ).select_related("unit__category")
    )
    deficiencies = list(
        Deficiency.objects.filter(followup__in=[f.pk for f in followups])
        .select_related("unit")
        .prefetch_related("action_plans")
    )
    notes = dict(
        StrategicContractNote.objects.filter(year=year, contract__in=chosen).values_list(
            "contract_id", "goal_effect"
        )
    )
    sections: dict = {}
    for contract in sorted(
        chosen, key=lambda c: (c.committee.name if c.committee else "", c.title)
    ):
        ids = {u.pk for u in contract.units.all()}
        own_followups = [f for f in followups if f.unit_id in ids]
        followup_ids = {f.pk for f in own_followups}
        own_deficiencies = [d for d in deficiencies if d.followup_id in followup_ids]
        for deficiency in own_deficiencies:
            plans = sorted(deficiency.action_plans.all(), key=lambda p: (p.created_at, p.pk))
            deficiency.latest_plan = plans[-1] if plans else None
        section = sections.setdefault(contract.committee_id, CommitteeSection(contract.committee))
        section.entries.append(
            ContractEntry(contract, own_followups, own_deficiencies, notes.get(contract.pk, ""))
        )
    return list(sections.values())

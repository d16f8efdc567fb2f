"""Contract classification (seed 004): value class × impact class; high/high is strategic.

The classification is the proposal; each committee judges for its own part of the contract
(`StrategicJudgement`, newest per contract and committee), and its judgement wins:
strategic for committee C = C's latest judgement if any, else the proposal.

value class high  when annual value >= VALUE_HIGH_FROM (kr)
impact class high when a covered unit's category is in HIGH_IMPACT_CATEGORIES, or when the
                  covered places × the highest vulnerability weight among them >= IMPACT_HIGH_FROM
"""

from dataclasses import dataclass

from . import conf
from .constants import ImpactClass, ValueClass


@dataclass
class Classification:
    value_class: str
    impact_class: str
    impact_points: float

    @property
    def strategic(self) -> bool:
        return self.value_class == ValueClass.HIGH and self.impact_class == ImpactClass.HIGH

    @property
    def value_label(self):
        return ValueClass(self.value_class).label

    @property
    def impact_label(self):
        return ImpactClass(self.impact_class).label


def classify(annual_value, units) -> Classification:
    """`units`: the contract's units (with category loaded)."""
    value_class = (
        ValueClass.HIGH
        if annual_value is not None and annual_value >= conf.get("VALUE_HIGH_FROM")
        else ValueClass.LOW
    )
    vulnerability = conf.get("VULNERABILITY")
    default = conf.get("DEFAULT_VULNERABILITY")
    codes = [u.category.code for u in units]
    places = sum(u.places or 0 for u in units)
    worst = max((vulnerability.get(c, default) for c in codes), default=0)
    points = places * worst
    high = bool(set(codes) & set(conf.get("HIGH_IMPACT_CATEGORIES"))) or points >= conf.get(
        "IMPACT_HIGH_FROM"
    )
    return Classification(value_class, ImpactClass.HIGH if high else ImpactClass.LOW, float(points))


def classify_contract(contract) -> Classification:
    return classify(contract.annual_value, list(contract.units.all()))


@dataclass
class StrategicPart:
    """One committee's view of one contract: the proposal and its own judgement, if any."""

    contract: object
    committee: object  # OrgUnit or None
    proposed: bool
    judgement: object = None  # the latest StrategicJudgement, or None

    @property
    def strategic(self) -> bool:
        return self.judgement.strategic if self.judgement is not None else self.proposed

    @property
    def overridden(self) -> bool:
        return self.judgement is not None and self.judgement.strategic != self.proposed


def latest_judgements(contract_ids) -> dict:
    """(contract id, committee id) → the newest judgement, in one query."""
    from .models import StrategicJudgement

    latest: dict = {}
    for judgement in (
        StrategicJudgement.objects.filter(contract_id__in=list(contract_ids))
        .select_related("decided_by")
        .order_by("created_at", "pk")
    ):
        latest[(judgement.contract_id, judgement.committee_id)] = judgement
    return latest


def strategic_parts(contracts, committee_ids=None) -> list[StrategicPart]:
    """Per contract and per committee with a part of it (or the contract's own committee,
    None when it has none), the proposal and the committee's judgement; only the parts that
    end up strategic. Prefetch `units__category` and `committee_parts__committee`.
    `committee_ids` keeps only those committees' parts."""
    contracts = list(contracts)
    judgements = latest_judgements(c.pk for c in contracts)
    parts = []
    for contract in contracts:
        proposed = classify_contract(contract).strategic
        committees = {p.committee_id: p.committee for p in contract.committee_parts.all()}
        if contract.committee_id:
            committees.setdefault(contract.committee_id, contract.committee)
        for committee_id, committee in sorted(
            (committees or {None: None}).items(), key=lambda kv: str(kv[1] or "")
        ):
            if committee_ids is not None and committee_id not in committee_ids:
                continue
            part = StrategicPart(
                contract, committee, proposed, judgements.get((contract.pk, committee_id))
            )
            if part.strategic:
                parts.append(part)
    return parts


def strategic_contracts(contracts):
    """The contracts some committee holds strategic (its judgement, else the proposal)."""
    seen, chosen = set(), []
    for part in strategic_parts(contracts):
        if part.contract.pk not in seen:
            seen.add(part.contract.pk)
            chosen.append(part.contract)
    return chosen

"""The annual follow-up plan proposal: fixed rules on top of the risk score (seeds 001, 003, 004).

Rules, in order (all numbers from conf.py / settings.INSYN["FOLLOWUP"]):

1. new_contract   Every contract whose start + NEW_CONTRACT_AFTER_MONTHS (6) falls in the year
                  gets a follow-up of each of its units in that month
                  (started 2025-09-15 → March 2026).
2. framework      Each framework contract is followed up twice per FRAMEWORK_TERM_MONTHS (48)
                  period, at FRAMEWORK_POINTS (1/3 and 2/3) of the period measured in days from
                  its start to its end (or start + 48 months when open-ended). The two visits are
                  spread and never both at the end (2024-01-01–2027-12-31 → 2025-05-02, 2026-08-31).
3. category_cover Among the remaining active units, the highest-scoring unit of every category
                  gets an extended visit, so every category is followed up each year …
4. risk           … and the rest of PLAN_CAPACITY (70) extended visits go to the highest risk
                  scores. Units that already have a rule 1/2 follow-up this year are left out of
                  3–4, so the capacity reaches more units. Extended visits are spread over
                  VISIT_MONTHS, highest score first.

Own units (egen regi) are included on exactly the same terms: operation form is never looked at.
Closed (inactive) units are never proposed. Nothing here writes to the database.
"""

import datetime as dt
from dataclasses import asdict, dataclass
from itertools import cycle

from django.db.models import Q
from django.utils import timezone

from insyn.registry.constants import ContractType
from insyn.registry.models import Contract, ContractCommittee

from . import conf, risk
from .constants import PlanRule


@dataclass
class Proposal:
    unit_id: int
    unit_name: str
    category: str
    contract_id: int | None
    method: str
    month: int
    rule: str
    reason: str
    score: float | None = None
    responsible_id: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        return {
            "unit": data["unit_id"],
            "unit_name": data["unit_name"],
            "contract": data["contract_id"],
            "method": data["method"],
            "month": data["month"],
            "rule": data["rule"],
            "score": data["score"],
            "category": data["category"],
            "responsible": data["responsible_id"],
            "reason": data["reason"],
        }


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Clamp to the month's length (31 Aug + 6 → 28/29 Feb).
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def new_contract_date(start: dt.date) -> dt.date:
    return add_months(start, conf.get("NEW_CONTRACT_AFTER_MONTHS"))


def framework_dates(start: dt.date, end: dt.date | None) -> list[dt.date]:
    """Follow-up dates for a framework contract over its whole term (rule 2)."""
    term = conf.get("FRAMEWORK_TERM_MONTHS")
    points = conf.get("FRAMEWORK_POINTS")
    dates = []
    period_start = start
    final_end = end or add_months(start, term) - dt.timedelta(days=1)
    while period_start <= final_end:
        period_end = min(add_months(period_start, term) - dt.timedelta(days=1), final_end)
        length = (period_end - period_start).days
        dates.extend(period_start + dt.timedelta(days=round(length * p)) for p in points)
        period_start = add_months(period_start, term)
    return dates


def _controllers():
    from insyn.accounts.models import User

    return list(User.controllers().order_by("pk").values_list("pk", flat=True))


def _new_contract_rule(contract, units, year: int, method: str, responsible) -> list | None:
    """Rule 1: each unit of a contract whose start + NEW_CONTRACT_AFTER_MONTHS falls in `year`
    gets a follow-up in that month (started 2025-09-15 → March 2026).

    None when the follow-up falls in another year: only then may rule 2 apply, so a new
    framework contract is not also given its framework follow-ups in its first year.
    """
    due = new_contract_date(contract.start_date)
    if due.year != year:
        return None
    return [
        Proposal(
            unit.pk,
            unit.name,
            unit.category.name,
            contract.pk,
            method,
            due.month,
            PlanRule.NEW_CONTRACT,
            f"Avtalet {contract.title} startade {contract.start_date:%Y-%m-%d}; "
            "uppföljning sex månader efter start.",
            responsible_id=responsible(contract.owner_id),
        )
        for unit in units
    ]


def _framework_rule(contract, units, year: int, method: str, responsible) -> list[Proposal]:
    """Rule 2: each unit of a framework contract gets a follow-up at every framework date
    (`framework_dates`: FRAMEWORK_POINTS of each FRAMEWORK_TERM_MONTHS period) that falls in
    `year`, in that month. Other contract types get none."""
    if contract.contract_type != ContractType.FRAMEWORK:
        return []
    return [
        Proposal(
            unit.pk,
            unit.name,
            unit.category.name,
            contract.pk,
            method,
            when.month,
            PlanRule.FRAMEWORK,
            f"Ramavtalet {contract.title} följs upp två gånger per "
            "fyraårsperiod, spritt över perioden.",
            responsible_id=responsible(contract.owner_id),
        )
        for when in framework_dates(contract.start_date, contract.end_date)
        if when.year == year
        for unit in units
    ]


def _category_cover_rule(ranked: list, capacity: int) -> list:
    """Rule 3: the highest-scoring unit of every category, from `ranked` (best first), so
    every category is followed up each year; at most `capacity` of them (the best)."""
    chosen, seen_categories = [], set()
    for unit in ranked:
        if unit.category_id not in seen_categories:
            seen_categories.add(unit.category_id)
            chosen.append(unit)
    return chosen[:capacity]


def _risk_rule(ranked: list, taken: set[int], room: int) -> list:
    """Rule 4: the highest scores in `ranked` (best first) that are not already `taken`
    (by rule 3), up to `room` units (what rule 3 left of PLAN_CAPACITY)."""
    chosen = []
    for unit in ranked:
        if len(chosen) >= room:
            break
        if unit.pk not in taken:
            chosen.append(unit)
    return chosen


def _extended_visits(chosen: list[tuple], scores: dict, methods: dict, responsible) -> list:
    """Proposals for rules 3 and 4's (unit, rule) pairs: spread over VISIT_MONTHS in turn,
    highest score first (ties: lower unit id), with the score as the reason."""
    months = cycle(conf.get("VISIT_MONTHS"))
    proposals = []
    for unit, rule in sorted(chosen, key=lambda pair: (-scores[pair[0].pk], pair[0].pk)):
        total = scores[unit.pk]
        reason = (
            f"Högst riskpoäng ({total}) i kategorin {unit.category.name}."
            if rule == PlanRule.CATEGORY_COVER
            else f"Riskpoäng {total}, bland de högsta i kommunen."
        )
        proposals.append(
            Proposal(
                unit.pk,
                unit.name,
                unit.category.name,
                None,
                methods[rule],
                next(months),
                rule,
                reason,
                score=total,
                responsible_id=responsible(),
            )
        )
    return proposals


def propose(year: int, committee=None, today: dt.date | None = None) -> list[Proposal]:
    """The proposed plan for `year`: rules 1–4 (module docstring), in that order."""
    today = today or timezone.localdate()
    contracts = Contract.objects.all()
    active = {u.pk: u for u in risk.scoring_units()}
    # A committee plans its part of each contract (registry.ContractCommittee): the
    # contracts it has a part of, and of those only the units of its part's categories.
    only_categories: dict[int, set[int]] = {}
    if committee is not None:
        parts = ContractCommittee.objects.filter(committee=committee)
        contracts = contracts.filter(Q(committee=committee) | Q(pk__in=parts.values("contract")))
        for contract_id, category_id in parts.filter(categories__isnull=False).values_list(
            "contract_id", "categories"
        ):
            only_categories.setdefault(contract_id, set()).add(category_id)

    def in_part(contract_id, unit) -> bool:
        wanted = only_categories.get(contract_id)
        return wanted is None or unit.category_id in wanted

    if committee is not None:
        in_scope = {
            unit_id
            for contract_id, unit_id in Contract.units.through.objects.filter(
                contract__in=contracts
            ).values_list("contract_id", "unit_id")
            if unit_id in active and in_part(contract_id, active[unit_id])
        }
        units = [u for pk, u in active.items() if pk in in_scope]
    else:
        units = list(active.values())
    contracts = contracts.filter(start_date__lte=dt.date(year, 12, 31)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1))
    )
    methods = conf.get("RULE_METHODS")
    controllers = _controllers()
    next_controller = cycle(controllers) if controllers else None

    def responsible(owner_id=None):
        # The contract's owner when a controller, else the controllers in turn.
        if owner_id in controllers:
            return owner_id
        return next(next_controller) if next_controller else None

    contract_units: dict[int, list] = {}
    links = Contract.units.through.objects.filter(contract__in=contracts).values_list(
        "contract_id", "unit_id"
    )
    for contract_id, unit_id in links:
        # Closed units are never proposed; another committee's part is not this plan's.
        if unit_id in active and in_part(contract_id, active[unit_id]):
            contract_units.setdefault(contract_id, []).append(active[unit_id])

    proposals: list[Proposal] = []
    for contract in contracts.only(
        "pk", "title", "start_date", "end_date", "contract_type", "owner_id"
    ).order_by("start_date", "pk"):
        linked = contract_units.get(contract.pk, [])
        made = _new_contract_rule(contract, linked, year, methods["new_contract"], responsible)
        if made is None:
            made = _framework_rule(contract, linked, year, methods["framework"], responsible)
        proposals.extend(made)

    # Units with a rule 1/2 follow-up are left out of 3–4, so the capacity reaches more units.
    planned_units = {p.unit_id for p in proposals}
    candidates = [u for u in units if u.pk not in planned_units]
    scores = risk.total_scores(candidates, today)
    ranked = sorted(candidates, key=lambda u: (-scores[u.pk], u.pk))
    capacity = conf.get("PLAN_CAPACITY")
    cover = _category_cover_rule(ranked, capacity)
    by_risk = _risk_rule(ranked, {u.pk for u in cover}, capacity - len(cover))
    chosen = [(u, PlanRule.CATEGORY_COVER) for u in cover] + [(u, PlanRule.RISK) for u in by_risk]
    proposals.extend(_extended_visits(chosen, scores, methods, responsible))
    return proposals

"""The goal chain and goal status (seed 002).

Chain: KF:s inriktningsmål → KF:s mål för verksamhetsområdet → nämndmål → enhetsmål. A goal's
parent is on the level just above, in the same year, and belongs to the same committee or to
one above it (`validate_parent`). Goals without a parent (older flat goals, or a top level)
are roots of the chain.

Status, proposed by a fixed rule and confirmed by a person of the owning committee.

Per indicator (outcome vs this year's annual target):
- "met"     the outcome reaches the target (>= when higher is better, <= otherwise);
- "near"    it misses by at most NEAR_TARGET_SHARE of the target (default 10 %);
- "missed"  it misses by more;
- unknown   no outcome or no annual target: the indicator is left out.

Per sub-goal (its confirmed status, else its proposed one): Uppfylls helt counts as "met",
Uppfylls delvis as "near", Uppfylls inte as "missed", Kan inte bedömas is left out.

Per goal, over its indicators and sub-goals together: every known state met -> Uppfylls helt;
none known -> Kan inte bedömas; at least one met or near -> Uppfylls delvis; otherwise
Uppfylls inte.

Worked example: a committee goal with one indicator at 89 % against a target of 85 % (met)
and one unit goal confirmed "Uppfylls delvis" (near) is proposed Uppfylls delvis.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from . import conf
from .constants import LEVEL_ORDER, PARENT_LEVEL, GoalLevel, GoalStatus

MET, NEAR, MISSED = "met", "near", "missed"
STATUS_STATE = {
    GoalStatus.MET: MET,
    GoalStatus.PARTLY: NEAR,
    GoalStatus.NOT_MET: MISSED,
    GoalStatus.UNKNOWN: None,
}


def indicator_state(value, target, higher_is_better=True) -> str | None:
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    gap = (target - value) if higher_is_better else (value - target)
    if gap <= 0:
        return MET
    if gap <= abs(target) * Decimal(str(conf.get("NEAR_TARGET_SHARE"))):
        return NEAR
    return MISSED


def propose_status(states: list[str | None]) -> GoalStatus:
    known = [s for s in states if s is not None]
    if not known:
        return GoalStatus.UNKNOWN
    if all(s == MET for s in known):
        return GoalStatus.MET
    if any(s in (MET, NEAR) for s in known):
        return GoalStatus.PARTLY
    return GoalStatus.NOT_MET


def validate_parent(goal, parent) -> None:
    """Raise ValidationError (Swedish, naming the field) unless `parent` may be `goal`'s parent.

    Example: a nämndmål 2024 of Hägersten-Älvsjö may have as parent a KF:s mål för
    verksamhetsområdet 2024 of the whole municipality (org unit empty) — not one of 2023, not
    an enhetsmål, not a goal of another committee.
    """
    if parent is None:
        return
    expected = PARENT_LEVEL.get(GoalLevel(goal.level))
    if expected is None:
        raise ValidationError(
            {"parent": "KF:s inriktningsmål är högsta nivån och kan inte ha ett överordnat mål."}
        )
    if parent.level != expected:
        raise ValidationError(
            {
                "parent": f"Ett {GoalLevel(goal.level).label.lower()} ska ha ett "
                f"överordnat mål på nivån {expected.label}."
            }
        )
    if parent.year != goal.year:
        raise ValidationError(
            {"parent": f"Det överordnade målet gäller {parent.year}, men målet gäller {goal.year}."}
        )
    if parent.org_unit_id is not None:
        own = goal.org_unit
        allowed = own is not None and (
            own.pk == parent.org_unit_id or parent.org_unit_id in {a.pk for a in own.ancestors()}
        )
        if not allowed:
            raise ValidationError(
                {"parent": "Det överordnade målet tillhör en annan nämnd eller enhet."}
            )
    node, seen = parent, {goal.pk}
    while node is not None:
        if node.pk in seen:
            raise ValidationError({"parent": "Målen skulle bilda en cirkel i målkedjan."})
        seen.add(node.pk)
        node = node.parent


@dataclass
class GoalRow:
    goal: object
    indicator_rows: list
    proposed: GoalStatus
    children: list = field(default_factory=list)
    depth: int = 0

    @property
    def confirmed(self):
        return GoalStatus(self.goal.status) if self.goal.status else None

    @property
    def heading(self) -> int:
        """HTML heading level: h3 for the roots, one deeper per level, at most h6."""
        return min(3 + self.depth, 6)

    @property
    def sub_heading(self) -> int:
        return min(4 + self.depth, 6)

    @property
    def symbol(self) -> str:
        return {"met": "●", "partly": "◆", "not_met": "■"}.get(self.goal.status, "")

    @property
    def shown_status(self):
        """The confirmed status, else the proposed one, else None (shown as "— Inga data")."""
        if self.confirmed:
            return self.confirmed
        return None if self.proposed == GoalStatus.UNKNOWN else self.proposed


def _row(goal, by_indicator, children=()):
    rows = [by_indicator[i.pk] for i in goal.indicators.all() if i.pk in by_indicator]
    states = [indicator_state(r.value, r.annual_target, r.indicator.higher_is_better) for r in rows]
    for child in children:
        states.append(STATUS_STATE[child.confirmed or child.proposed])
    return GoalRow(goal, rows, propose_status(states), list(children))


def goal_rows(goals, indicator_rows) -> list[GoalRow]:
    """Each goal with its indicators' rows (from indicators.indicator_table) and the
    proposed status from its indicators and the sub-goals among `goals`. Indicators linked to
    a goal but not in the table count as unknown. Flat list, in the order given."""
    tree = goal_chain(goals, indicator_rows)
    by_pk = {row.goal.pk: row for row in walk(tree)}
    return [by_pk[g.pk] for g in goals]


def _level_rank(goal) -> int:
    return LEVEL_ORDER.index(GoalLevel(goal.level))


def goal_chain(goals, indicator_rows) -> list[GoalRow]:
    """The goals as a tree of GoalRows, roots first in level order (inriktningsmål before
    older parentless nämndmål), siblings by (sort order, title). Status is proposed bottom up.
    """
    goals = list(goals)
    by_indicator = {row.indicator.pk: row for row in indicator_rows}
    pks = {g.pk for g in goals}
    kids: dict = {}
    for g in goals:
        kids.setdefault(g.parent_id if g.parent_id in pks else None, []).append(g)
    for siblings in kids.values():
        siblings.sort(key=lambda g: (_level_rank(g), g.sort_order, g.title, g.pk))

    def build(goal, depth):
        children = [build(child, depth + 1) for child in kids.get(goal.pk, [])]
        row = _row(goal, by_indicator, children)
        row.depth = depth
        return row

    return [build(g, 0) for g in kids.get(None, [])]


def walk(rows):
    """Depth-first, parents before children (the seed's reading order)."""
    for row in rows:
        yield row
        yield from walk(row.children)


def with_ancestors(all_goals, wanted_ids) -> list:
    """The goals in `wanted_ids` and every ancestor of theirs among `all_goals`."""
    by_pk = {g.pk: g for g in all_goals}
    keep = set()
    for pk in wanted_ids:
        node = by_pk.get(pk)
        while node is not None and node.pk not in keep:
            keep.add(node.pk)
            node = by_pk.get(node.parent_id)
    return [g for g in all_goals if g.pk in keep]

"""Goal status: proposed from the goal's indicators by a fixed rule, confirmed by a person.

Per indicator (outcome vs this year's annual target):
- "met"     the outcome reaches the target (>= when higher is better, <= otherwise);
- "near"    it misses by at most NEAR_TARGET_SHARE of the target (default 10 %);
- "missed"  it misses by more;
- unknown   no outcome or no annual target: the indicator is left out.

Per goal: every known indicator met -> Uppfylls helt; none known -> Kan inte bedömas;
at least one met or near -> Uppfylls delvis; otherwise -> Uppfylls inte.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import conf
from .constants import GoalStatus

MET, NEAR, MISSED = "met", "near", "missed"


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


@dataclass
class GoalRow:
    goal: object
    indicator_rows: list
    proposed: GoalStatus

    @property
    def confirmed(self):
        return GoalStatus(self.goal.status) if self.goal.status else None


def goal_rows(goals, indicator_rows) -> list[GoalRow]:
    """Each goal with its indicators' rows (from indicators.indicator_table) and the
    proposed status. Indicators linked to a goal but not in the table count as unknown."""
    by_indicator = {row.indicator.pk: row for row in indicator_rows}
    result = []
    for goal in goals:
        rows = [by_indicator[i.pk] for i in goal.indicators.all() if i.pk in by_indicator]
        states = [
            indicator_state(r.value, r.annual_target, r.indicator.higher_is_better) for r in rows
        ]
        result.append(GoalRow(goal, rows, propose_status(states)))
    return result

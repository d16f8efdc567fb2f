"""Status changes through a transition table (the Amsterdam/signals pattern), for every app.

An app declares each flow once as a `Table`: which statuses may follow each status, and
optionally the permission each step needs. Its services call `check(table, current, new)`
before they change anything; a change the table does not list raises `TransitionError`
with a Swedish message, so the view shows it and nothing is saved.

    PLAN = Table(PlanStatus, {PlanStatus.DRAFT: {PlanStatus.APPROVED}, PlanStatus.APPROVED: set()})
    check(PLAN, plan.status, PlanStatus.APPROVED)
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import TextChoices

from .errors import DomainError


class TransitionError(DomainError):
    """A status change that the flow's table does not allow."""


def status_change_refused(current: str, new: str, allowed: list[str]) -> str:
    """The default refusal; `current`, `new` and `allowed` are the statuses' labels."""
    return f"Det går inte att ändra status från ”{current}” till ”{new}”."


@dataclass(frozen=True)
class Table:
    """One status flow.

    `statuses` gives the labels for messages; `allowed` maps each status to the statuses that
    may follow it (a final status maps to nothing); `permissions` names the permission each
    allowed step `(current, new)` needs, when the flow's steps need different ones;
    `refusal(current, new, allowed)` words the refusal from the labels.
    """

    statuses: type[TextChoices]
    allowed: Mapping[str, Collection[str]]
    permissions: Mapping[tuple[str, str], str] = field(default_factory=dict)
    refusal: Callable[[str, str, list[str]], str] = status_change_refused

    def __post_init__(self):
        # A table naming a status that does not exist, or a permission for a step that is not
        # allowed, is a programming error: fail when the module is imported, not in use.
        values = set(self.statuses.values)
        steps = {(current, new) for current, targets in self.allowed.items() for new in targets}
        named = set(self.allowed) | {new for _, new in steps}
        if named - values:
            raise ValueError(f"Unknown statuses in the transition table: {sorted(named - values)}")
        if set(self.permissions) - steps:
            raise ValueError(f"Permissions for steps not allowed: {set(self.permissions) - steps}")

    def label(self, status: str) -> str:
        return str(self.statuses(status).label) if status in self.statuses.values else status


def is_allowed(table: Table, current: str, new: str) -> bool:
    return new in table.allowed.get(current, ())


def check(table: Table, current: str, new: str) -> None:
    """Raise TransitionError (Swedish message) unless `table` allows `current` → `new`."""
    if is_allowed(table, current, new):
        return
    allowed = [table.label(status) for status in table.allowed.get(current, ())]
    raise TransitionError(table.refusal(table.label(current), table.label(new), allowed))


def permission_for(table: Table, current: str, new: str) -> str:
    """The permission the step `current` → `new` needs (an allowed step of a table with
    permissions)."""
    return table.permissions[(current, new)]

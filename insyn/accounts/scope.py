"""What a user acts for: the roles of their memberships and, per role, the committees,
districts and org units those memberships cover. This module is the pure part; loading
(`models.scope_of`: one query, the user's memberships and the org tree together) caches the
result on the user object, so a request asks the database once however many checks it
makes.

Coverage rules (docs/memberships.md):

- A membership in the municipality at the top of the tree is *central*: the role covers the
  whole municipality (every committee, district and unit, and the things that belong to no
  committee, such as the municipality-wide plan). So is a membership without a unit, except
  for the district roles (case worker, coordinator): theirs covers no district, as before
  memberships, when such a user without a unit saw only what they registered themselves.
- Otherwise the role covers the unit and everything below it. Its committees are the
  committees in that subtree plus the nearest committee above the unit (a förvaltning works
  for its nämnd); its districts are the districts in the subtree plus the nearest district
  above (a section inside a district works for that district).
- A membership in a closed (inactive) unit covers nothing.

Example: a controller in "Socialförvaltningen Nordost" (under "Socialnämnden Nordost", with
the districts Angered and Östra Göteborg below) acts for committee Socialnämnden Nordost and
districts Angered and Östra Göteborg, and for nothing of Socialnämnden Centrum.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .constants import OrgUnitKind, Role

# Roles whose work is a district's (their membership without a unit covers no district).
DISTRICT_ROLES = frozenset({Role.CASE_WORKER, Role.COORDINATOR})


@dataclass(frozen=True)
class Scope:
    roles: frozenset = frozenset()
    # Roles held for the whole municipality.
    central: frozenset = frozenset()
    # role → ids covered.
    committees: dict = field(default_factory=dict)
    districts: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    # Committees the user may decide for by a recorded delegation (any role); True in
    # `central_delegation` when a central membership carries the delegation.
    delegated_committees: frozenset = frozenset()
    central_delegation: bool = False

    def has_role(self, roles) -> bool:
        return bool(self.roles & frozenset(roles))

    def is_central(self, roles) -> bool:
        return bool(self.central & frozenset(roles))

    def _covers(self, table: dict, unit_id, roles) -> bool:
        roles = frozenset(roles)
        if self.central & roles:
            return True
        if unit_id is None:
            return False
        return any(unit_id in table.get(role, ()) for role in roles)

    def acts_for_committee(self, committee_id, roles) -> bool:
        """One of `roles` covers the committee; `None` (municipality-wide) needs central."""
        return self._covers(self.committees, committee_id, roles)

    def acts_for_district(self, district_id, roles) -> bool:
        """One of `roles` covers the district; `None` needs central."""
        return self._covers(self.districts, district_id, roles)

    def acts_for_unit(self, unit_id, roles) -> bool:
        """One of `roles` covers the org unit (it lies in a membership's subtree)."""
        return self._covers(self.units, unit_id, roles)

    def district_ids(self, roles) -> set[int]:
        return set().union(*(self.districts.get(r, ()) for r in roles))

    def committee_ids(self, roles) -> set[int]:
        return set().union(*(self.committees.get(r, ()) for r in roles))

    def unit_ids(self, roles) -> set[int]:
        return set().union(*(self.units.get(r, ()) for r in roles))

    def may_decide_for(self, committee_id) -> bool:
        """A recorded delegation covers the committee (None: needs a central delegation)."""
        return self.central_delegation or (
            committee_id is not None and committee_id in self.delegated_committees
        )


EMPTY = Scope()


def build_scope(memberships, kind: dict, parent: dict, active: dict) -> Scope:
    """Pure part of `load_scope`: memberships as (role, unit id or None, delegation)."""
    children = defaultdict(list)
    for unit_id, parent_id in parent.items():
        if parent_id is not None:
            children[parent_id].append(unit_id)

    def subtree(unit_id):
        ids, frontier = {unit_id}, [unit_id]
        while frontier:
            frontier = [c for u in frontier for c in children[u] if active.get(c)]
            ids.update(frontier)
        return ids

    def nearest_above(unit_id, wanted):
        node = parent.get(unit_id)
        while node is not None:
            if kind.get(node) == wanted:
                return node
            node = parent.get(node)
        return None

    roles, central = set(), set()
    committees, districts, units = defaultdict(set), defaultdict(set), defaultdict(set)
    delegated, central_delegation = set(), False
    for role, unit_id, delegation in memberships:
        if unit_id is not None and not active.get(unit_id, False):
            continue  # a closed unit gives no rights
        roles.add(role)
        if unit_id is None and role in DISTRICT_ROLES:
            continue
        is_central = unit_id is None or (
            kind.get(unit_id) == OrgUnitKind.MUNICIPALITY and parent.get(unit_id) is None
        )
        if is_central:
            central.add(role)
            central_delegation = central_delegation or bool(delegation)
            continue
        covered = subtree(unit_id)
        units[role] |= covered
        mine_committees = {u for u in covered if kind.get(u) == OrgUnitKind.COMMITTEE}
        above = nearest_above(unit_id, OrgUnitKind.COMMITTEE)
        if above is not None:
            mine_committees.add(above)
        committees[role] |= mine_committees
        districts[role] |= {u for u in covered if kind.get(u) == OrgUnitKind.DISTRICT}
        above = nearest_above(unit_id, OrgUnitKind.DISTRICT)
        if above is not None:
            districts[role].add(above)
        if delegation:
            delegated |= mine_committees
    return Scope(
        roles=frozenset(roles),
        central=frozenset(central),
        committees={r: frozenset(v) for r, v in committees.items()},
        districts={r: frozenset(v) for r, v in districts.items()},
        units={r: frozenset(v) for r, v in units.items()},
        delegated_committees=frozenset(delegated),
        central_delegation=central_delegation,
    )

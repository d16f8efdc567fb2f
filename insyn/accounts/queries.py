"""Reads of users and the organisational tree, scoped to what the user may administer."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import Membership, OrgUnit, User
from .predicates import is_admin


def users_for(user) -> QuerySet[User]:
    """Users an administrator may manage (all of them; the municipality is one scope)."""
    if is_admin(user):
        return User.objects.select_related("org_unit", "provider")
    return User.objects.none()


def memberships_for(user) -> QuerySet[Membership]:
    """Every membership for an administrator; a municipal user their own (what they act for);
    provider staff and anonymous users none."""
    memberships = Membership.objects.select_related("org_unit")
    if is_admin(user):
        return memberships
    if getattr(user, "is_municipal", False):
        return memberships.filter(user_id=user.pk)
    return Membership.objects.none()


def orgunits_for(user) -> QuerySet[OrgUnit]:
    if is_admin(user):
        return OrgUnit.objects.select_related("parent")
    return OrgUnit.objects.none()


@dataclass
class TreeNode:
    unit: OrgUnit
    depth: int
    children: list["TreeNode"] = field(default_factory=list)


def orgunit_tree(units: QuerySet[OrgUnit]) -> list[TreeNode]:
    """The tree as root nodes with nested children, built from one query.

    Each unit carries `active_users` (count). A unit whose parent is outside `units` is shown
    as a root so nothing disappears from the list.
    """
    rows = list(
        units.annotate(active_users=Count("users", filter=Q(users__is_active=True))).order_by(
            "name", "pk"
        )
    )
    by_parent: dict[int | None, list[OrgUnit]] = {}
    ids = {unit.pk for unit in rows}
    for unit in rows:
        parent_id = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent_id, []).append(unit)

    def build(parent_id, depth, seen):
        nodes = []
        for unit in by_parent.get(parent_id, []):
            if unit.pk in seen:  # a corrupt cycle must not hang the page
                continue
            node = TreeNode(unit, depth)
            node.children = build(unit.pk, depth + 1, seen | {unit.pk})
            nodes.append(node)
        return nodes

    return build(None, 0, frozenset())


def search_users(users: QuerySet[User], *, q="", role="", org_unit=None, status="") -> QuerySet:
    """Free text over username, names and e-mail; the org unit filter includes its sub-units."""
    if q:
        for word in q.split():
            users = users.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
    if role:
        users = users.filter(role=role)
    if org_unit is not None:
        users = users.filter(org_unit_id__in=org_unit.descendant_ids())
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users.order_by("last_name", "first_name", "username", "pk")

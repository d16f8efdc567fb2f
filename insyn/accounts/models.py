"""Users, their memberships (role in an organisational unit), and the organisational tree
(kommun / nämnd / förvaltning / stadsdel)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, CharField, IntegerField, Value
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from insyn.core.models import TimeStampedModel

from .constants import CONTROLLER_ROLES, MUNICIPAL_ROLES, OrgUnitKind, Role
from .scope import EMPTY, Scope, build_scope


class OrgUnit(TimeStampedModel):
    name = models.CharField("namn", max_length=200)
    kind = models.CharField("typ", max_length=20, choices=OrgUnitKind.choices)
    code = models.CharField("kod", max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="överordnad",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "organisationsenhet"
        verbose_name_plural = "organisationsenheter"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="orgunit_unique_name_per_parent"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """One municipality at the top: everything the system counts and reports hangs under
        it, so a second top-level municipality would split the tree silently."""
        if self.kind == OrgUnitKind.MUNICIPALITY and self.parent_id is None and self.active:
            other = (
                OrgUnit.objects.filter(
                    kind=OrgUnitKind.MUNICIPALITY, parent__isnull=True, active=True
                )
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "kind": f"Det finns redan en kommun högst upp i trädet ({other.name}). "
                        "Det kan bara finnas en. Ändra den i stället, eller välj en annan typ "
                        "och en överordnad enhet."
                    },
                    code="second_municipality",
                )

    def get_absolute_url(self):
        return reverse("accounts:orgunit_edit", args=[self.pk])

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def committee_id_of(self) -> int | None:
        """The committee this unit belongs to: itself when a committee, else the nearest
        committee above; None for the municipality (its decisions need a central decider).
        Example: the district Lundby under Socialnämnden Centrum belongs to Centrum."""
        from .constants import OrgUnitKind

        for node in [self, *self.ancestors()]:
            if node.kind == OrgUnitKind.COMMITTEE:
                return node.pk
        return None

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and everything below it (the tree is small: one query per level)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class User(AbstractUser):
    role = models.CharField("roll", max_length=30, choices=Role.choices, default=Role.CASE_WORKER)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="Endast för utförarens egna användare.",
    )
    phone = models.CharField("telefon", max_length=40, blank=True)
    employee_id = models.CharField(
        "anställningsnummer",
        max_length=64,
        blank=True,
        help_text="Från kommunens inloggningstjänst vid enkel inloggning.",
    )

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="provider") | models.Q(provider__isnull=False),
                name="provider_user_has_provider",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def holding(cls, role, org_unit_ids=None):
        """Active users who hold `role` in any of their memberships, not only the primary
        one; with `org_unit_ids`, only memberships in those units.

        Example: Linnea is a case worker in Centrum (primary) and coordinator in
        Majorna-Linné: she is in `User.holding(Role.COORDINATOR, [majorna.pk])`, and not in
        `User.holding(Role.COORDINATOR, [centrum.pk])`.
        """
        memberships = Membership.objects.filter(role=role)
        if org_unit_ids is not None:
            memberships = memberships.filter(org_unit_id__in=org_unit_ids)
        return cls.objects.filter(is_active=True, pk__in=memberships.values("user_id"))

    @classmethod
    def controllers(cls, org_unit_ids=None):
        """The one answer to "who are the controllers": active users holding the controller
        role in any membership (`holding`), so a controller through a second membership is
        picked as responsible, notified and alerted like a primary one. Every app asks here
        (follow-up responsible, plan proposals, notices, feedback escalation)."""
        return cls.holding(Role.CONTROLLER, org_unit_ids)

    @classmethod
    def deciding_for(cls, committee_id):
        """Active users who decide for the committee (`predicates.decides_for_committee`, the
        same rule through `build_scope`): a manager whose membership covers it, or anyone
        with a recorded delegation covering it; for `None` (the municipality), a central
        manager or central delegation. Two queries: the candidate memberships and the org
        tree together (as `load_scope`), then the users.

        Example: the manager of Socialnämnden Nordost is not among those deciding for
        Socialnämnden Centrum; a controller in Centrum's administration with a delegation is.
        """
        candidates = (
            Membership.objects.filter(user__is_active=True)
            .filter(models.Q(role=Role.MANAGER) | ~models.Q(delegation=""))
            .annotate(
                src=Value(0, IntegerField()),
                up=Value(None, IntegerField()),
                on=Value(None, BooleanField()),
            )
            .values_list("src", "user_id", "role", "org_unit_id", "up", "on", "delegation")
            .order_by()
        )
        tree = (
            OrgUnit.objects.annotate(
                src=Value(1, IntegerField()),
                nobody=Value(None, IntegerField()),
                dl=Value("", CharField()),
            )
            .values_list("src", "nobody", "kind", "id", "parent_id", "active", "dl")
            .order_by()
        )
        rows = list(candidates.union(tree, all=True))
        kind = {r[3]: r[2] for r in rows if r[0] == 1}
        parent = {r[3]: r[4] for r in rows if r[0] == 1}
        active = {r[3]: bool(r[5]) for r in rows if r[0] == 1}
        memberships: dict = {}
        for r in rows:
            if r[0] == 0:
                memberships.setdefault(r[1], []).append((r[2], r[3], r[6]))
        ids = set()
        for user_id, held in memberships.items():
            scope = build_scope(held, kind, parent, active)
            if scope.acts_for_committee(committee_id, {Role.MANAGER}) or scope.may_decide_for(
                committee_id
            ):
                ids.add(user_id)
        return cls.objects.filter(is_active=True, pk__in=ids)

    # `role` and `org_unit` are the user's primary membership: saving a change to them moves
    # that membership along (see `save`), so the two can never disagree. Further memberships
    # are kept on the membership page; rights follow all of them (`accounts/scope.py`).
    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._primary = (user.__dict__.get("role"), user.__dict__.get("org_unit_id"))
        return user

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        before = getattr(self, "_primary", None)
        creating = self._state.adding
        super().save(*args, **kwargs)
        primary_fields = {"role", "org_unit", "org_unit_id"}
        if update_fields is not None and not primary_fields & set(update_fields):
            return
        after = (self.role, self.org_unit_id)
        if creating or before != after:
            sync_primary_membership(self, before if not creating else None)
        self._primary = after
        forget_scope(self)
        if creating:
            remember_new_user_roles(self)

    def get_absolute_url(self):
        return reverse("accounts:user_edit", args=[self.pk])

    @property
    def is_municipal(self) -> bool:
        return self.is_active and self.role in MUNICIPAL_ROLES

    @property
    def needs_membership(self) -> bool:
        """Municipal staff act through memberships (provider staff through their provider):
        without one that gives a role, their API token stops working (core.tokens)."""
        return self.role in MUNICIPAL_ROLES

    def active_roles(self) -> frozenset:
        """The roles the user's memberships give now (closed units give none)."""
        return scope_of(self).roles

    @property
    def is_provider_user(self) -> bool:
        return self.is_active and self.role == Role.PROVIDER and self.provider_id is not None

    @property
    def can_edit_register(self) -> bool:
        return self.is_active and (self.is_superuser or bool(roles_of(self) & CONTROLLER_ROLES))

    @property
    def is_admin_role(self) -> bool:
        return self.is_active and (self.is_superuser or Role.ADMIN in roles_of(self))


class Membership(TimeStampedModel):
    """One role a user holds in one organisational unit. A unit covers everything below it;
    no unit (or the municipality at the top) is the whole municipality. A membership whose
    `delegation` is filled in may decide on the committee's behalf (the plan, goal status,
    strategic contracts), recorded with the delegation decision that allows it."""

    user = models.ForeignKey(
        User, verbose_name="användare", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("roll", max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="Tom betyder hela kommunen.",
    )
    delegation = models.CharField(
        "delegationsbeslut",
        max_length=200,
        blank=True,
        help_text="Fyll i om nämnden har delegerat beslut till personen (t.ex. beslutets "
        "paragraf och diarienummer).",
    )
    source = models.CharField("källa", max_length=20, default="local")

    class Meta:
        verbose_name = "medlemskap"
        verbose_name_plural = "medlemskap"
        ordering = ["user_id", "role", "org_unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"], name="membership_unique_role_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(org_unit__isnull=True),
                name="membership_unique_role_municipality",
            ),
        ]

    def __str__(self):
        where = self.org_unit.name if self.org_unit_id else "hela kommunen"
        return f"{self.get_role_display()} – {where}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget_user_scope()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._forget_user_scope()
        return result

    def _forget_user_scope(self):
        # The user object this membership was reached from (if any) must reload its scope.
        user = self._state.fields_cache.get("user")
        if user is not None:
            forget_scope(user)


def sync_primary_membership(user: User, before: tuple | None) -> None:
    """Keep the membership that mirrors `user.role` / `user.org_unit`: move the old primary
    one to the new values, or create it. Provider staff have no membership (their
    organisation is `user.provider`).

    Example: a case worker in Angered changed to coordinator in Angered keeps one membership,
    now (coordinator, Angered); any other membership of theirs is untouched.
    """
    memberships = Membership.objects.filter(user=user)
    if before is not None:
        old = memberships.filter(role=before[0], org_unit_id=before[1]).first()
    else:
        old = None
    if user.role == Role.PROVIDER:
        if old is not None:
            old.delete()
        return
    if memberships.filter(role=user.role, org_unit_id=user.org_unit_id).exists():
        if old is not None:
            old.delete()
        return
    if old is not None:
        old.role, old.org_unit_id = user.role, user.org_unit_id
        old.save(update_fields=["role", "org_unit", "updated_at"])
    else:
        Membership.objects.create(user=user, role=user.role, org_unit_id=user.org_unit_id)


# --- The user's scope, loaded once per user object (`scope.py` has the rules) ---------------

_CACHE = "_insyn_scope"
_ROLES = "_insyn_roles"


def _unwrapped(user):
    """The User behind `request.user` (a SimpleLazyObject): its own `__dict__` is the
    proxy's, so a scope kept there was loaded a second time for the real user object that
    `has_perm` passes to the rules (two membership queries per page)."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def scope_of(user) -> Scope:
    """The user's scope, loaded once and kept on the user object (a request's user lives
    for one request). Anonymous and unsaved users have the empty scope."""
    user = _unwrapped(user)
    if user is None or not getattr(user, "is_active", False):
        return EMPTY
    if not getattr(user, "pk", None):
        # An unsaved user (forms, unit tests) has only the membership its fields describe.
        role, unit_id = getattr(user, "role", None), getattr(user, "org_unit_id", None)
        if not role or role == "provider":
            return EMPTY
        kind = {unit_id: getattr(user.org_unit, "kind", "")} if unit_id else {}
        return build_scope([(role, unit_id, "")], kind, {unit_id: None}, {unit_id: True})
    cached = user.__dict__.get(_CACHE)
    if cached is None:
        cached = user.__dict__[_CACHE] = load_scope(user.pk)
    return cached


def roles_of(user) -> frozenset:
    """The roles the user's memberships hold (in open units). Known without a query for a
    user object that was just created (its only membership is the primary one, see
    `remember_new_user_roles`); otherwise from the scope."""
    user = _unwrapped(user)
    if user is None or not getattr(user, "is_active", False):
        return frozenset()
    known = user.__dict__.get(_ROLES)
    if known is not None:
        return known
    return scope_of(user).roles


def remember_new_user_roles(user) -> None:
    """A user object just created has exactly its primary membership, so its roles are known
    without asking the database (the menu of a fresh user costs no query); the coverage
    (committees, districts) is still loaded on first use."""
    unit = user.org_unit if user.org_unit_id else None
    closed = unit is not None and not unit.active
    roles = frozenset() if user.role == Role.PROVIDER or closed else frozenset({user.role})
    user.__dict__[_ROLES] = roles


def forget_scope(user) -> None:
    user = _unwrapped(user)
    user.__dict__.pop(_CACHE, None)
    user.__dict__.pop(_ROLES, None)


def load_scope(user_id: int) -> Scope:
    # One round trip: the user's memberships and the (small) org tree, as one UNION ALL.
    mine = (
        Membership.objects.filter(user_id=user_id)
        .annotate(
            src=Value(0, IntegerField()),
            up=Value(None, IntegerField()),
            on=Value(None, BooleanField()),
        )
        .values_list("src", "role", "org_unit_id", "up", "on", "delegation")
        .order_by()
    )
    tree = (
        OrgUnit.objects.annotate(src=Value(1, IntegerField()), dl=Value("", CharField()))
        .values_list("src", "kind", "id", "parent_id", "active", "dl")
        .order_by()
    )
    rows = list(mine.union(tree, all=True))
    memberships = [(r[1], r[2], r[5]) for r in rows if r[0] == 0]
    kind = {r[2]: r[1] for r in rows if r[0] == 1}
    parent = {r[2]: r[3] for r in rows if r[0] == 1}
    active = {r[2]: bool(r[4]) for r in rows if r[0] == 1}
    return build_scope(memberships, kind, parent, active)


class GroupMapping(TimeStampedModel):
    """A group in the municipality's identity provider that gives a role in an org unit at
    single sign-on (docs/sign-in.md). The administrator keeps the list; a person's
    memberships from sign-on are recomputed from their groups at every login."""

    idp_group = models.CharField(
        "grupp i inloggningstjänsten",
        max_length=200,
        help_text="Gruppens namn eller id som inloggningstjänsten skickar i claim/attributet "
        '"groups", t.ex. "insyn-controller-centrum" eller ett objekt-id från Entra ID.',
    )
    role = models.CharField("roll", max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_mappings",
        help_text="Tom betyder hela kommunen.",
    )

    class Meta:
        verbose_name = "gruppkoppling"
        verbose_name_plural = "gruppkopplingar"
        ordering = ["idp_group", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idp_group", "role", "org_unit"], name="groupmapping_unique"
            ),
        ]

    def __str__(self):
        where = self.org_unit.name if self.org_unit_id else "hela kommunen"
        return f"{self.idp_group} → {self.get_role_display()} – {where}"


def delegation_for(user, committee_id) -> str:
    """The recorded delegation a person decides on for the committee, "" when they decide as
    the committee's manager. Stored with every committee decision (plan, goal status,
    strategic judgement), so a delegate's decision says so."""
    if scope_of(user).acts_for_committee(committee_id, {Role.MANAGER}):
        return ""
    return (
        Membership.objects.filter(user_id=user.pk)
        .exclude(delegation="")
        .values_list("delegation", flat=True)
        .first()
        or ""
    )

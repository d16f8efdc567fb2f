"""Users, their role, and the organisational tree (nämnd / förvaltning / stadsdel)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from insyn.core.models import TimeStampedModel

from .constants import OrgUnitKind, Role
from .predicates import CONTROLLER_ROLES, MUNICIPAL_ROLES


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

    def get_absolute_url(self):
        return reverse("accounts:user_edit", args=[self.pk])

    @property
    def is_municipal(self) -> bool:
        return self.is_active and self.role in MUNICIPAL_ROLES

    @property
    def is_provider_user(self) -> bool:
        return self.is_active and self.role == Role.PROVIDER and self.provider_id is not None

    @property
    def can_edit_register(self) -> bool:
        return self.is_active and (self.role in CONTROLLER_ROLES or self.is_superuser)

    @property
    def is_admin_role(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

"""Saved placement recommendations: the need searched for and the units sent to the case
worker, with the register data as it was when the recommendation was made."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from insyn.core.models import TimeStampedModel
from insyn.ratings.constants import Gender
from insyn.ratings.validators import validate_no_personnummer


class Recommendation(TimeStampedModel):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="placeringshandläggare",
        on_delete=models.PROTECT,
        related_name="recommendations_made",
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="till handläggare",
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    case_reference = models.CharField(
        "ärendereferens",
        max_length=60,
        blank=True,
        validators=[validate_no_personnummer],
        help_text="Referensen i verksamhetssystemet. Aldrig namn eller personnummer.",
    )
    category = models.ForeignKey(
        "registry.Category", verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    age_min = models.PositiveSmallIntegerField("ålder från", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("ålder till", null=True, blank=True)
    gender = models.CharField("kön", max_length=10, choices=Gender.choices, default=Gender.ANY)
    focus = models.CharField("inriktning", max_length=300, blank=True)
    start_date = models.DateField("önskat startdatum")
    district = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="stadsdel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.CharField("kommun/region", max_length=100, blank=True)
    max_price = models.DecimalField(
        "högsta pris per dygn (kr)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(
        "meddelande till handläggaren", blank=True, validators=[validate_no_personnummer]
    )

    class Meta:
        verbose_name = "placeringsrekommendation"
        verbose_name_plural = "placeringsrekommendationer"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Rekommendation {self.pk} – {self.category}"

    def get_absolute_url(self):
        return reverse("placement:recommendation_detail", args=[self.pk])


class RecommendedUnit(models.Model):
    """A unit in a recommendation, with its position, score and the reasons for it, and
    `snapshot`: the register data shown, frozen so the PDF can be reproduced."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="items"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name="verksamhet", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("plats i rangordningen")
    score = models.DecimalField("rangordningspoäng", max_digits=7, decimal_places=2)
    reasons = models.JSONField("motivering", default=list)
    snapshot = models.JSONField("registeruppgifter", default=dict)

    class Meta:
        verbose_name = "rekommenderad verksamhet"
        verbose_name_plural = "rekommenderade verksamheter"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "unit"], name="recommended_once")
        ]

    def __str__(self):
        return f"{self.position}. {self.unit}"

"""Report data people write or enter: the controller's texts beside the tertial table and in
the annual report, indicators with their yearly values and targets, and goals whose status a
person confirms. Counts themselves are never stored: they are computed from the source rows.

`org_unit` null everywhere means "the whole municipality".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from insyn.core.models import TimeStampedModel

from .constants import ComputedMetric, GoalLevel, GoalStatus, IndicatorSource

User = settings.AUTH_USER_MODEL


def _unique_per_org_unit(fields, name):
    """One row per `fields` + org unit, also when the org unit is null (whole municipality)."""
    return [
        models.UniqueConstraint(fields=[*fields, "org_unit"], name=name),
        models.UniqueConstraint(
            fields=fields, condition=Q(org_unit__isnull=True), name=f"{name}_municipality"
        ),
    ]


class FeedbackTableNote(TimeStampedModel):
    """'Sammanfattning och planerade åtgärder' for one row of the tertial table."""

    year = models.PositiveIntegerField("år")
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="organisationsenhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    row_key = models.CharField("rad", max_length=60)
    text = models.TextField("sammanfattning och planerade åtgärder", blank=True)
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "kommentar i synpunktstabellen"
        verbose_name_plural = "kommentarer i synpunktstabellen"
        ordering = ["year", "row_key"]
        constraints = _unique_per_org_unit(["year", "row_key"], "feedback_note_unique")

    def __str__(self):
        return f"{self.year} {self.row_key}"


class Indicator(TimeStampedModel):
    """A measure followed each year (seed 002's indicator tables)."""

    name = models.CharField("indikator", max_length=300)
    unit = models.CharField("enhet", max_length=30, default="%", help_text="T.ex. %, st, poäng.")
    source = models.CharField(
        "källa", max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    metric = models.CharField(
        "beräkning",
        max_length=40,
        choices=ComputedMetric.choices,
        blank=True,
        help_text="Gäller indikatorer som beräknas från Insyn.",
    )
    kpi_code = models.CharField(
        "Kolada-id", max_length=20, blank=True, help_text="T.ex. U28110. Gäller Kolada-import."
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd/enhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Tomt = hela kommunen.",
    )
    higher_is_better = models.BooleanField("högre värde är bättre", default=True)
    split_by_gender = models.BooleanField("redovisas för kvinnor och män", default=True)
    active = models.BooleanField("aktiv", default=True)
    sort_order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"
        ordering = ["sort_order", "name", "pk"]

    def __str__(self):
        return self.name


class IndicatorValue(TimeStampedModel):
    """One year of an indicator: outcome (unless computed), targets and the analysis text."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="indikator", on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveIntegerField("år")
    period = models.CharField("period", max_length=20, blank=True, help_text="T.ex. 2024, VB 2024.")
    value = models.DecimalField("periodens utfall", max_digits=12, decimal_places=2, null=True)
    value_men = models.DecimalField(
        "utfall män/pojkar", max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_women = models.DecimalField(
        "utfall kvinnor/flickor", max_digits=12, decimal_places=2, null=True, blank=True
    )
    annual_target = models.DecimalField(
        "årsmål", max_digits=12, decimal_places=2, null=True, blank=True
    )
    council_target = models.DecimalField(
        "KF:s årsmål", max_digits=12, decimal_places=2, null=True, blank=True
    )
    council_target_text = models.CharField(
        "KF:s årsmål som text",
        max_length=60,
        blank=True,
        help_text="När KF inte satt ett tal, t.ex. ”Tas fram av nämnd”.",
    )
    analysis = models.TextField("analys", blank=True)
    imported = models.BooleanField("importerad från Kolada", default=False)
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "indikatorvärde"
        verbose_name_plural = "indikatorvärden"
        ordering = ["indicator", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_per_year")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"


class Goal(TimeStampedModel):
    """One link of the goal chain (seed 002): KF:s inriktningsmål → KF:s mål för
    verksamhetsområdet → nämndmål → enhetsmål, each linked to its parent on the level above
    (reports.goals.validate_parent). Indicators attach at any level. The system proposes a
    status from indicators and sub-goals (reports.goals.propose_status); a person confirms it.
    """

    year = models.PositiveIntegerField("år")
    level = models.CharField("nivå", max_length=20, choices=GoalLevel.choices)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd/enhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="överordnat mål",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Målet på nivån ovanför, samma år.",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="kopierat från",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    sort_order = models.PositiveSmallIntegerField("ordning", default=0)
    title = models.CharField("mål", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    expected_results = models.TextField(
        "förväntat resultat", blank=True, help_text="Ett förväntat resultat per rad."
    )
    analysis = models.TextField("analys", blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name="indikatorer", blank=True)
    affected_by = models.ManyToManyField(
        "followup.Deficiency",
        verbose_name="brister som påverkar målet",
        blank=True,
        related_name="affected_goals",
        help_text="Brister mot väsentliga kvalitetskrav i strategiska avtal (rapporten till "
        "kommunstyrelsen).",
    )
    status = models.CharField(
        "bekräftad status", max_length=20, choices=GoalStatus.choices, blank=True
    )
    status_comment = models.CharField("motivering", max_length=1000, blank=True)
    confirmed_by = models.ForeignKey(
        User,
        verbose_name="bekräftad av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("bekräftad", null=True, blank=True)
    # Set when a delegate (not the committee's manager) confirmed: the delegation decision.
    confirmed_delegation = models.CharField("bekräftad på delegation", max_length=200, blank=True)
    # A controller's proposal for the committee to confirm (the rule's proposal is computed).
    proposed_status = models.CharField(
        "föreslagen status", max_length=20, choices=GoalStatus.choices, blank=True
    )
    proposed_comment = models.CharField("motivering till förslaget", max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        User,
        verbose_name="föreslagen av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField("föreslagen", null=True, blank=True)

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["year", "sort_order", "title", "pk"]

    def __str__(self):
        return self.title

    @property
    def expected_result_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.expected_results.splitlines() if line.strip()]


class GoalActivity(TimeStampedModel):
    """A row of a goal's activity table (seed 002: Aktivitet, Startdatum, Slutdatum,
    Avvikelse, with an analysis row beneath)."""

    goal = models.ForeignKey(
        Goal, verbose_name="mål", on_delete=models.CASCADE, related_name="activities"
    )
    text = models.TextField("aktivitet")
    start = models.DateField("startdatum")
    end = models.DateField("slutdatum")
    deviation = models.CharField("avvikelse", max_length=300, blank=True)
    analysis = models.TextField("analys", blank=True)
    sort_order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["goal", "sort_order", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="goal_activity_end_after_start"
            )
        ]

    def __str__(self):
        return self.text[:60]


class AnnualReport(TimeStampedModel):
    """The controller's texts of one annual report (årsrapport) per year and committee."""

    year = models.PositiveIntegerField("år")
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField("sammanfattning", blank=True)
    analysis = models.TextField("analys", blank=True)
    improvements = models.TextField("planerade förbättringar", blank=True)
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "årsrapport"
        verbose_name_plural = "årsrapporter"
        ordering = ["-year"]
        constraints = _unique_per_org_unit(["year"], "annual_report_unique")

    def __str__(self):
        return f"Årsrapport {self.year}"


class StrategicContractNote(TimeStampedModel):
    """What the controller writes about one strategic contract for the council report."""

    year = models.PositiveIntegerField("år")
    contract = models.ForeignKey(
        "registry.Contract", verbose_name="avtal", on_delete=models.PROTECT, related_name="+"
    )
    goal_effect = models.TextField("påverkan på nämndens mål", blank=True)
    updated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "kommentar om strategiskt avtal"
        verbose_name_plural = "kommentarer om strategiska avtal"
        constraints = [
            models.UniqueConstraint(fields=["year", "contract"], name="strategic_note_per_year")
        ]

    def __str__(self):
        return f"{self.contract} {self.year}"

"""Follow-up plans, follow-ups with their answers and findings, deficiencies and action plans."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from insyn.core.concurrency import VersionedModel
from insyn.core.models import TimeStampedModel
from insyn.questionnaires.constants import Method

from .constants import (
    ActionPlanStatus,
    Assessment,
    DeficiencyStatus,
    FollowUpStatus,
    PlanRule,
    PlanStatus,
    Severity,
)

User = settings.AUTH_USER_MODEL


class FollowUpPlan(TimeStampedModel):
    """The annual follow-up plan (uppföljningsplan) of a committee, or of the whole municipality."""

    year = models.PositiveIntegerField("år")
    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followup_plans",
    )
    status = models.CharField(
        "status", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        User,
        verbose_name="beslutad av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("beslutad", null=True, blank=True)
    # The committee's decision as recorded in its minutes (seed 004: the plan is decided by
    # the committee): the meeting's date, the paragraph and the diary number, and, when a
    # delegate decided, the delegation decision that allowed it.
    decision_date = models.DateField("beslutsdatum", null=True, blank=True)
    decision_paragraph = models.CharField("paragraf (§)", max_length=30, blank=True)
    decision_diary_number = models.CharField("diarienummer", max_length=60, blank=True)
    decision_delegation = models.CharField("beslutat på delegation", max_length=200, blank=True)

    class Meta:
        verbose_name = "uppföljningsplan"
        verbose_name_plural = "uppföljningsplaner"
        ordering = ["-year", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "committee"], name="plan_one_per_year_and_committee"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(committee__isnull=True),
                name="plan_one_municipal_per_year",
            ),
        ]

    def __str__(self):
        scope = self.committee.name if self.committee_id else "hela kommunen"
        return f"Uppföljningsplan {self.year} ({scope})"

    def get_absolute_url(self):
        return reverse("followup:plan_detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlannedFollowUp(VersionedModel, TimeStampedModel):
    plan = models.ForeignKey(
        FollowUpPlan, verbose_name="plan", on_delete=models.CASCADE, related_name="rows"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name="verksamhet", on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "registry.Contract",
        verbose_name="avtal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField("metod", max_length=30, choices=Method.choices)
    month = models.PositiveSmallIntegerField("månad")
    responsible = models.ForeignKey(
        User,
        verbose_name="ansvarig",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_followups",
    )
    rule = models.CharField("regel", max_length=20, choices=PlanRule.choices)
    reason = models.CharField("motivering", max_length=500, blank=True)
    score = models.DecimalField("riskpoäng", max_digits=7, decimal_places=1, null=True, blank=True)
    event_driven = models.BooleanField("händelsestyrd", default=False)
    added_after_approval = models.BooleanField("tillagd efter beslut", default=False)

    class Meta:
        verbose_name = "planerad uppföljning"
        verbose_name_plural = "planerade uppföljningar"
        ordering = ["month", "unit__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="planned_month_1_12"
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_method_display()} ({self.month}/{self.plan.year})"


class FollowUp(TimeStampedModel):
    """One follow-up of a unit with one template version; `version` guards concurrent edits."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        on_delete=models.PROTECT,
        related_name="followups",
    )
    contract = models.ForeignKey(
        "registry.Contract",
        verbose_name="avtal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    planned = models.OneToOneField(
        PlannedFollowUp,
        verbose_name="planrad",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followup",
    )
    template = models.ForeignKey(
        "questionnaires.Template",
        verbose_name="mall",
        on_delete=models.PROTECT,
        related_name="followups",
    )
    method = models.CharField("metod", max_length=30, choices=Method.choices)
    status = models.CharField(
        "status", max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.DRAFT
    )
    event_driven = models.BooleanField("händelsestyrd", default=False)
    reason = models.CharField("anledning", max_length=500, blank=True)
    responsible = models.ForeignKey(
        User,
        verbose_name="ansvarig",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    performed_on = models.DateField("datum", null=True, blank=True)
    participants = models.CharField(
        "deltagare",
        max_length=500,
        blank=True,
        help_text="T.ex. stadsdelens samordnare och utförarens verksamhetschef.",
    )
    summary = models.TextField("sammanfattning", blank=True)
    diary_number = models.CharField("diarienummer", max_length=60, blank=True, db_index=True)
    deadline = models.DateField("svara senast", null=True, blank=True)
    submitted_at = models.DateTimeField("besvarad", null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField("avslutad", null=True, blank=True)
    # Set when retention masked the identity numbers in this follow-up's texts (gallring).
    texts_retained_at = models.DateTimeField("gallrad", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Free text that may hold identity numbers: hidden in the change history, gallrad.
    TEXT_FIELDS = ("summary",)

    class Meta:
        verbose_name = "uppföljning"
        verbose_name_plural = "uppföljningar"
        ordering = ["-performed_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "performed_on"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self):
        return f"{self.get_method_display()} – {self.unit}"

    def get_absolute_url(self):
        return reverse("followup:followup_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == FollowUpStatus.DONE

    @property
    def is_self_report(self) -> bool:
        return self.method == Method.SELF_REPORT


def answer_file_path(instance, filename):
    return f"followups/{instance.followup_id}/{filename}"


class Answer(models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "questionnaires.Question", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.CharField("svar", max_length=2000, blank=True)
    file = models.FileField("bilaga", upload_to=answer_file_path, blank=True)
    comment = models.TextField("kommentar", blank=True)

    TEXT_FIELDS = ("value", "comment")

    class Meta:
        verbose_name = "svar"
        verbose_name_plural = "svar"
        constraints = [models.UniqueConstraint(fields=["followup", "question"], name="answer_once")]

    def __str__(self):
        return self.value

    def log_label(self) -> str:
        return f"Svar #{self.pk}"


class Finding(models.Model):
    """What an answer showed (uppfyllt / delvis / inte uppfyllt), kept when the follow-up ends."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="findings")
    question = models.ForeignKey(
        "questionnaires.Question",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    requirement = models.ForeignKey(
        "registry.ContractRequirement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    assessment = models.CharField("bedömning", max_length=20, choices=Assessment.choices)
    text = models.CharField("iakttagelse", max_length=1000)
    # Set when the controller chose, on finishing, not to register the deficiency this
    # finding would have created; the reason stays here, out of the event log (free text).
    no_deficiency_reason = models.CharField(
        "skäl att inte registrera brist", max_length=300, blank=True
    )

    TEXT_FIELDS = ("text",)

    class Meta:
        verbose_name = "iakttagelse"
        verbose_name_plural = "iakttagelser"
        ordering = ["pk"]

    def __str__(self):
        return self.text

    def log_label(self) -> str:
        return f"Iakttagelse #{self.pk}"


class Deficiency(VersionedModel, TimeStampedModel):
    """A requirement found not met (brist); open until the controller confirms it is remedied.
    At most one per finding (the one-to-one `finding`); `version` guards corrections."""

    followup = models.ForeignKey(
        FollowUp,
        verbose_name="uppföljning",
        on_delete=models.PROTECT,
        related_name="deficiencies",
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        on_delete=models.PROTECT,
        related_name="deficiencies",
    )
    finding = models.OneToOneField(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="deficiency"
    )
    requirement = models.ForeignKey(
        "registry.ContractRequirement",
        verbose_name="avtalskrav",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deficiencies",
    )
    description = models.CharField("brist", max_length=1000)
    severity = models.CharField(
        "allvarlighet", max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    required_action = models.CharField("krav på åtgärd", max_length=1000, blank=True)
    deadline = models.DateField("handlingsplan senast")
    status = models.CharField(
        "status", max_length=20, choices=DeficiencyStatus.choices, default=DeficiencyStatus.OPEN
    )
    remedied_at = models.DateTimeField("åtgärdad", null=True, blank=True)
    remedied_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    TEXT_FIELDS = ("description", "required_action")

    class Meta:
        verbose_name = "brist"
        verbose_name_plural = "brister"
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self):
        return self.description

    def log_label(self) -> str:
        return f"Brist #{self.pk}"

    def get_absolute_url(self):
        return reverse("followup:deficiency_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == DeficiencyStatus.REMEDIED

    @property
    def is_overdue(self) -> bool:
        return self.status == DeficiencyStatus.OPEN and self.deadline < timezone.localdate()


class ActionPlan(TimeStampedModel):
    """The provider's answer to a deficiency (handlingsplan): measures, who, by when."""

    deficiency = models.ForeignKey(
        Deficiency, verbose_name="brist", on_delete=models.CASCADE, related_name="action_plans"
    )
    measures = models.TextField("åtgärder")
    responsible_person = models.CharField("ansvarig hos utföraren", max_length=200)
    due_date = models.DateField("klart senast")
    status = models.CharField(
        "status",
        max_length=20,
        choices=ActionPlanStatus.choices,
        default=ActionPlanStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("bedömd", null=True, blank=True)
    decision_comment = models.CharField("kommentar", max_length=1000, blank=True)

    TEXT_FIELDS = ("measures", "decision_comment")

    class Meta:
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Handlingsplan för {self.deficiency}"

    def log_label(self) -> str:
        return f"Handlingsplan #{self.pk}"


class ReportDispatch(models.Model):
    """The follow-up report was made available to the provider: who sent it and when."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="dispatches")
    sent_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("skickad", default=timezone.now)

    class Meta:
        verbose_name = "utskick av rapport"
        verbose_name_plural = "utskick av rapporter"
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Rapport skickad {self.sent_at:%Y-%m-%d %H:%M}"


class UnitRiskFlag(TimeStampedModel):
    """A controller's manual risk flag on a unit, with the reason (kept outside the register)."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        on_delete=models.CASCADE,
        related_name="risk_flags",
    )
    reason = models.CharField("anledning", max_length=500)
    active = models.BooleanField("aktiv", default=True)
    set_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "manuell riskflagga"
        verbose_name_plural = "manuella riskflaggor"


class RiskSnapshot(models.Model):
    """A stored score, so dashboards can tell whose risk rose since the last computation."""

    unit = models.ForeignKey(
        "registry.Unit", on_delete=models.CASCADE, related_name="risk_snapshots"
    )
    score = models.DecimalField(max_digits=7, decimal_places=1)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-computed_at"]
        indexes = [models.Index(fields=["unit", "-computed_at"])]

    def __str__(self):
        return f"{self.unit_id}: {self.score}"


class StrategicJudgement(TimeStampedModel):
    """A committee's own judgement whether a contract is strategic (seed 004: "Varje nämnd
    gör själv bedömningen vilka avtal som ska betraktas som strategiska"). The value × impact
    classification (`classification.classify`) stays the proposal; the committee's latest
    judgement overrides it for that committee's part, with a reason that the council report
    shows. Rows are never changed: a new judgement is a new row, so the history is kept."""

    contract = models.ForeignKey(
        "registry.Contract",
        verbose_name="avtal",
        on_delete=models.CASCADE,
        related_name="strategic_judgements",
    )
    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    strategic = models.BooleanField("strategiskt")
    reason = models.TextField("motivering")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bedömd av",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delegation = models.CharField("bedömd på delegation", max_length=200, blank=True)

    class Meta:
        verbose_name = "nämndens bedömning av strategiskt avtal"
        verbose_name_plural = "nämndernas bedömningar av strategiska avtal"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.contract}: {'strategiskt' if self.strategic else 'inte strategiskt'}"

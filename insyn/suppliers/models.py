"""Supplier checks (leverantörskontroll): one current check per provider and kind, IVO decisions
and annual-report key figures. History of every change is kept by django-auditlog."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models

from insyn.core.models import TimeStampedModel

from .constants import CheckKind, CrimeAnswer, DecisionKind, DocumentType, FigureOrigin, Result


class SupplierCheck(TimeStampedModel):
    """The latest result of one kind of check for one provider.

    A failed fetch never overwrites the last good value: it stamps `failed_at` and
    `failure` ("kunde inte hämtas") and leaves result, summary and `taken_on` as they were.
    """

    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="supplier_checks",
    )
    kind = models.CharField("kontroll", max_length=20, choices=CheckKind.choices)
    result = models.CharField(
        "resultat", max_length=20, choices=Result.choices, default=Result.PENDING
    )
    summary = models.CharField("uppgift", max_length=300, blank=True)
    source = models.CharField("källa", max_length=120, blank=True)
    taken_on = models.DateField("hämtad", null=True, blank=True)
    due_on = models.DateField("ska kontrolleras igen", null=True, blank=True)
    not_applicable_reason = models.CharField("skäl till ej tillämplig", max_length=300, blank=True)
    failed_at = models.DateTimeField("senaste misslyckade hämtning", null=True, blank=True)
    failure = models.CharField("fel vid hämtning", max_length=300, blank=True)
    # Organised-crime check (manual): who asked, when, the answer and a reference; never
    # free text about persons.
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="frågad av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_on = models.DateField("frågad", null=True, blank=True)
    answer = models.CharField("svar", max_length=20, choices=CrimeAnswer.choices, blank=True)
    reference = models.CharField("referens (diarienummer)", max_length=60, blank=True)

    class Meta:
        verbose_name = "leverantörskontroll"
        verbose_name_plural = "leverantörskontroller"
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind"], name="one_check_per_kind")
        ]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_result_display()}"

    @property
    def is_red(self) -> bool:
        return self.result == Result.RED_FLAG


class IvoDecision(TimeStampedModel):
    """One IVO decision about a provider (or one of its units)."""

    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="ivo_decisions",
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ivo_decisions",
    )
    kind = models.CharField("beslut", max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField("beslutsdatum")
    reference = models.CharField("diarienummer", max_length=60)
    summary = models.CharField("sammanfattning", max_length=300, blank=True)

    class Meta:
        verbose_name = "IVO-beslut"
        verbose_name_plural = "IVO-beslut"
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], name="one_ivo_decision_per_ref"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"


class AnnualReport(TimeStampedModel):
    """Key figures of one financial year, in kronor (scaled figures are stored unscaled)."""

    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    period_start = models.DateField("räkenskapsår från")
    period_end = models.DateField("räkenskapsår till")
    filed_on = models.DateField("inkommen", null=True, blank=True)
    origin = models.CharField("ursprung", max_length=20, choices=FigureOrigin.choices)
    net_sales = models.DecimalField("nettoomsättning", max_digits=16, decimal_places=0, null=True)
    result_after_financial = models.DecimalField(
        "resultat efter finansiella poster", max_digits=16, decimal_places=0, null=True
    )
    net_result = models.DecimalField("årets resultat", max_digits=16, decimal_places=0, null=True)
    equity = models.DecimalField("eget kapital", max_digits=16, decimal_places=0, null=True)
    share_capital = models.DecimalField("aktiekapital", max_digits=16, decimal_places=0, null=True)
    total_assets = models.DecimalField(
        "balansomslutning", max_digits=16, decimal_places=0, null=True
    )
    current_assets = models.DecimalField(
        "omsättningstillgångar", max_digits=16, decimal_places=0, null=True
    )
    inventory = models.DecimalField("varulager", max_digits=16, decimal_places=0, null=True)
    current_liabilities = models.DecimalField(
        "kortfristiga skulder", max_digits=16, decimal_places=0, null=True
    )
    audit_opinion_modified = models.BooleanField("modifierad revisionsberättelse", null=True)

    class Meta:
        verbose_name = "årsredovisning"
        verbose_name_plural = "årsredovisningar"
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "period_end"], name="one_report_per_year")
        ]

    def __str__(self):
        return f"Årsredovisning {self.period_start}–{self.period_end}"

    @property
    def equity_ratio(self) -> Decimal | None:
        """Soliditet in per cent: equity / total assets × 100, e.g. 250 000 / 1 000 000 → 25,0."""
        if self.equity is None or not self.total_assets:
            return None
        return (Decimal(self.equity) * 100 / Decimal(self.total_assets)).quantize(Decimal("0.1"))

    @property
    def quick_ratio(self) -> Decimal | None:
        """Kassalikviditet in per cent: (current assets − inventory) / current liabilities × 100,
        e.g. (500 000 − 100 000) / 200 000 → 200,0."""
        if self.current_assets is None or not self.current_liabilities:
            return None
        quick = Decimal(self.current_assets) - Decimal(self.inventory or 0)
        return (quick * 100 / Decimal(self.current_liabilities)).quantize(Decimal("0.1"))


class RefreshRun(models.Model):
    """One run of the refresh (nightly or by hand): progress and outcome, for the admin page."""

    started_at = models.DateTimeField("startad", auto_now_add=True)
    finished_at = models.DateTimeField("klar", null=True, blank=True)
    source = models.CharField("källa", max_length=20, blank=True)
    budget = models.PositiveIntegerField("budget (utförare)", default=0)
    planned = models.PositiveIntegerField("planerade", default=0)
    checked = models.PositiveIntegerField("kontrollerade", default=0)
    failures = models.PositiveIntegerField("misslyckade hämtningar", default=0)
    report = models.TextField("utfall", blank=True)

    class Meta:
        verbose_name = "körning av leverantörskontroll"
        verbose_name_plural = "körningar av leverantörskontroll"
        ordering = ["-started_at"]

    def __str__(self):
        return f"Körning {self.started_at:%Y-%m-%d %H:%M}"


def provider_document_path(instance, filename):
    """A name nobody can guess or collide with; the original name is kept on the row."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"provider_documents/{instance.provider_id}/{uuid.uuid4().hex}.{suffix}"


class ProviderDocument(TimeStampedModel):
    """A document a provider or a controller has uploaded (annual report, quality report,
    insurance certificate …). Kept in private storage (ADR 002) and handed out only by the
    permission-checked download views. Removal keeps the row (removed_at, removed_by) and
    deletes the file, so the history of uploads and removals stays (with the audit log)."""

    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="supplier_documents",
    )
    doc_type = models.CharField("dokumenttyp", max_length=20, choices=DocumentType.choices)
    title = models.CharField("rubrik", max_length=200, blank=True)
    period_start = models.DateField("avser period från", null=True, blank=True)
    period_end = models.DateField("avser period till", null=True, blank=True)
    expires_on = models.DateField("giltigt till", null=True, blank=True)
    file = models.FileField("fil", upload_to=provider_document_path, max_length=200)
    original_name = models.CharField("filnamn", max_length=200)
    content_type = models.CharField("filtyp", max_length=100)
    size = models.PositiveIntegerField("storlek (byte)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uppladdad av",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when an uploaded iXBRL annual report fed the key figures.
    annual_report = models.ForeignKey(
        AnnualReport,
        verbose_name="nyckeltal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    removed_at = models.DateTimeField("borttagen", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="borttagen av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "utförardokument"
        verbose_name_plural = "utförardokument"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider", "doc_type"])]

    def __str__(self):
        return self.title or f"{self.get_doc_type_display()} ({self.original_name})"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class RedFlagAlert(TimeStampedModel):
    """A check turned red (or the annual report showed a financial warning sign): raised once
    per flag and told to the responsible controllers; cleared when the check is no longer
    red. At most one open alert per provider and kind, so a nightly refresh that finds the
    same flag again raises nothing new."""

    provider = models.ForeignKey(
        "registry.Provider",
        verbose_name="utförare",
        on_delete=models.CASCADE,
        related_name="red_flag_alerts",
    )
    kind = models.CharField("kontroll", max_length=20, choices=CheckKind.choices)
    summary = models.CharField("uppgift", max_length=300, blank=True)
    raised_on = models.DateField("flaggad")
    cleared_at = models.DateTimeField("inte längre flaggad", null=True, blank=True)
    followed_up_at = models.DateTimeField("uppföljning tillagd", null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uppföljning tillagd av",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    followup_note = models.CharField("tillagd uppföljning", max_length=300, blank=True)

    class Meta:
        verbose_name = "röd flagga"
        verbose_name_plural = "röda flaggor"
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_open_red_flag_per_kind",
            )
        ]

    def __str__(self):
        return f"Röd flagga: {self.get_kind_display()}"

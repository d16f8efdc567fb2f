"""The provider register (utförarsammanställning): providers, their units, and contracts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from insyn.core.concurrency import VersionedModel
from insyn.core.models import SoftDeleteModel, TimeStampedModel

from .constants import ContractType, OperationForm, TargetGender
from .io.constants import ImportStatus
from .validators import validate_org_number


class Category(TimeStampedModel):
    """A kind of service (HVB barn och unga, LSS-boende …); administrators keep the list."""

    code = models.SlugField("kod", max_length=40, unique=True)
    name = models.CharField("namn", max_length=120, unique=True)
    active = models.BooleanField("aktiv", default=True)
    sort_order = models.PositiveSmallIntegerField("ordning", default=0)
    # Private and non-profit units of such a category may not operate without a permit from
    # IVO (SoL 7 kap. 1 §, LSS 23 §); the placement search never recommends one lacking it.
    requires_ivo_permit = models.BooleanField(
        "kräver IVO-tillstånd",
        default=False,
        help_text="Enskilt drivna verksamheter i kategorin måste ha tillstånd från IVO.",
    )

    class Meta:
        verbose_name = "kategori"
        verbose_name_plural = "kategorier"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Provider(VersionedModel, SoftDeleteModel):
    """A provider organisation, identified by its organisationsnummer (NNNNNN-NNNN)."""

    org_number = models.CharField(
        "organisationsnummer",
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text="Tio siffror, med eller utan bindestreck, t.ex. 556036-0793.",
    )
    name = models.CharField("namn", max_length=200)
    operation_form = models.CharField(
        "driftform", max_length=20, choices=OperationForm.choices, default=OperationForm.PRIVATE
    )
    street_address = models.CharField("gatuadress", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=10, blank=True)
    city = models.CharField("ort", max_length=100, blank=True)
    contact_name = models.CharField("kontaktperson", max_length=200, blank=True)
    email = models.EmailField("e-post", blank=True)
    phone = models.CharField("telefon", max_length=40, blank=True)
    website = models.URLField("webbplats", blank=True)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "utförare"
        verbose_name_plural = "utförare"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["operation_form", "active"]),
            # Counting the register (start page, every list's pages) reads this small index
            # instead of the table: 20,000 providers in a fraction of the scan (issue 16).
            models.Index(
                fields=["id"],
                condition=models.Q(deleted_at__isnull=True),
                name="registry_provider_alive_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.org_number})"

    def get_absolute_url(self):
        return reverse("registry:provider_detail", args=[self.pk])

    @property
    def is_own(self) -> bool:
        return self.operation_form == OperationForm.OWN

    def save(self, *args, **kwargs):
        from .validators import normalize_org_number

        self.org_number = normalize_org_number(self.org_number)
        super().save(*args, **kwargs)


class Unit(VersionedModel, SoftDeleteModel):
    """A unit (verksamhet) run by a provider: what a placement actually goes to."""

    provider = models.ForeignKey(
        Provider, verbose_name="utförare", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("namn", max_length=200)
    category = models.ForeignKey(
        Category, verbose_name="kategori", on_delete=models.PROTECT, related_name="units"
    )
    focus = models.CharField("inriktning", max_length=300, blank=True)
    description = models.TextField("beskrivning", blank=True)
    target_age_min = models.PositiveSmallIntegerField("målgrupp ålder från", null=True, blank=True)
    target_age_max = models.PositiveSmallIntegerField("målgrupp ålder till", null=True, blank=True)
    target_gender = models.CharField(
        "målgrupp kön", max_length=10, choices=TargetGender.choices, default=TargetGender.ANY
    )
    target_needs = models.CharField("målgrupp behov", max_length=300, blank=True)
    ivo_permit_number = models.CharField("IVO-tillstånd nummer", max_length=50, blank=True)
    ivo_permit_date = models.DateField("IVO-tillstånd datum", null=True, blank=True)
    ivo_permit_scope = models.CharField("IVO-tillstånd omfattning", max_length=300, blank=True)
    places = models.PositiveIntegerField("antal platser", null=True, blank=True)
    vacancies = models.PositiveIntegerField("lediga platser", null=True, blank=True)
    vacancies_confirmed_on = models.DateField("lediga platser bekräftade", null=True, blank=True)
    price_per_day_framework = models.DecimalField(
        "pris per dygn i ramavtal (kr)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_indication = models.DecimalField(
        "prisindikation utanför ramavtal (kr/dygn)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    street_address = models.CharField("gatuadress", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=10, blank=True)
    city = models.CharField("ort", max_length=100, blank=True)
    municipality = models.CharField("kommun", max_length=100, blank=True)
    district = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="stadsdel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "verksamhet"
        verbose_name_plural = "verksamheter"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["category", "active"]),
            models.Index(fields=["provider", "name"]),
            # As Provider's: a count of 50,000 units reads 1 MB of index, not 19 MB of rows.
            models.Index(
                fields=["id"],
                condition=models.Q(deleted_at__isnull=True),
                name="registry_unit_alive_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vacancies__isnull=True)
                | models.Q(places__isnull=True)
                | models.Q(vacancies__lte=models.F("places")),
                name="unit_vacancies_within_places",
            ),
            models.CheckConstraint(
                condition=models.Q(target_age_min__isnull=True)
                | models.Q(target_age_max__isnull=True)
                | models.Q(target_age_min__lte=models.F("target_age_max")),
                name="unit_age_span_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(price_per_day_framework__isnull=True)
                | models.Q(price_per_day_framework__gte=0),
                name="unit_framework_price_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(price_indication__isnull=True)
                | models.Q(price_indication__gte=0),
                name="unit_price_indication_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:unit_detail", args=[self.pk])

    @property
    def has_permit(self) -> bool:
        return bool(self.ivo_permit_number)

    def clean(self):
        errors = {}
        if self.places is not None and self.vacancies is not None and self.vacancies > self.places:
            errors["vacancies"] = (
                f"Lediga platser ({self.vacancies}) kan inte vara fler än antal platser "
                f"({self.places})."
            )
        if (
            self.target_age_min is not None
            and self.target_age_max is not None
            and self.target_age_min > self.target_age_max
        ):
            errors["target_age_max"] = "Åldern till kan inte vara lägre än åldern från."
        if errors:
            raise ValidationError(errors)


class Contract(VersionedModel, SoftDeleteModel):
    """An agreement with a provider (or an own unit's assignment) and what can be followed up."""

    contract_type = models.CharField("avtalstyp", max_length=20, choices=ContractType.choices)
    title = models.CharField("benämning", max_length=250)
    provider = models.ForeignKey(
        Provider, verbose_name="utförare", on_delete=models.PROTECT, related_name="contracts"
    )
    units = models.ManyToManyField(
        Unit, verbose_name="verksamheter", blank=True, related_name="contracts"
    )
    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="ansvarig nämnd",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="avtalsägare",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contracts",
    )
    start_date = models.DateField("startdatum")
    end_date = models.DateField("slutdatum", null=True, blank=True)
    extension_options = models.CharField(
        "förlängningsoption", max_length=200, blank=True, help_text="T.ex. 1+1 år."
    )
    annual_value = models.DecimalField(
        "årligt värde (kr)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    diary_number = models.CharField("diarienummer", max_length=60, blank=True, db_index=True)
    description = models.TextField("beskrivning", blank=True)

    class Meta:
        verbose_name = "avtal"
        verbose_name_plural = "avtal"
        ordering = ["-start_date", "title"]
        indexes = [models.Index(fields=["contract_type", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="contract_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_value__isnull=True) | models.Q(annual_value__gte=0),
                name="contract_value_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:contract_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Slutdatum kan inte vara före startdatum."})

    def is_running(self, on) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.committee_id:
            # The responsible committee always has a part (the whole contract unless said).
            ContractCommittee.objects.get_or_create(contract=self, committee_id=self.committee_id)

    def committee_ids(self) -> set[int]:
        """Every committee with a part of the contract (prefetch `committee_parts`)."""
        ids = {p.committee_id for p in self.committee_parts.all()}
        return ids | ({self.committee_id} if self.committee_id else set())


class ContractCommittee(TimeStampedModel):
    """A committee's part of a contract (seed 004: "När ett avtal gäller verksamheter inom
    flera nämnder ansvarar respektive nämnd för sin del av avtalet"). Every committee with a
    part lists the contract, plans its follow-ups for its part and owns those follow-ups.
    `categories` narrow the part to the contract's units of those categories (none: all of
    them). The contract's `committee` (ansvarig nämnd) always has a part.

    Example: a framework contract for HVB and stödboende, with Socialnämnden Centrum for
    HVB barn och unga and Socialnämnden Nordost for stödboende: two parts, and each
    committee's plan proposes follow-ups only of its own category's units."""

    contract = models.ForeignKey(
        Contract, verbose_name="avtal", on_delete=models.CASCADE, related_name="committee_parts"
    )
    committee = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="nämnd",
        on_delete=models.PROTECT,
        related_name="contract_parts",
    )
    part = models.CharField(
        "nämndens del", max_length=200, blank=True, help_text="T.ex. HVB för barn och unga."
    )
    categories = models.ManyToManyField(
        Category,
        verbose_name="kategorier",
        blank=True,
        related_name="+",
        help_text="Tomt: hela avtalet.",
    )

    class Meta:
        verbose_name = "nämnds del av avtal"
        verbose_name_plural = "nämnders delar av avtal"
        ordering = ["contract", "committee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "committee"], name="contract_committee_once"
            )
        ]

    def __str__(self):
        return f"{self.committee}: {self.part or 'hela avtalet'}"


class ContractRequirement(TimeStampedModel):
    """A requirement in the contract that can be followed up, with its clause reference."""

    contract = models.ForeignKey(
        Contract, verbose_name="avtal", on_delete=models.CASCADE, related_name="requirements"
    )
    text = models.CharField("krav", max_length=500)
    clause = models.CharField("avtalspunkt", max_length=60, blank=True)
    essential = models.BooleanField(
        "väsentligt kvalitetskrav",
        default=False,
        help_text="Avgör svaret i rapporten om strategiska avtal: uppfyller leverantören "
        "väsentliga kvalitetskrav enligt avtalet.",
    )

    class Meta:
        verbose_name = "uppföljningsbart krav"
        verbose_name_plural = "uppföljningsbara krav"
        ordering = ["clause", "pk"]

    def __str__(self):
        return f"{self.clause} {self.text}".strip()


def contract_document_path(instance, filename):
    return f"contracts/{instance.contract_id}/{filename}"


class ContractDocument(TimeStampedModel):
    contract = models.ForeignKey(
        Contract, verbose_name="avtal", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("titel", max_length=200)
    file = models.FileField("fil", upload_to=contract_document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "avtalsdokument"
        verbose_name_plural = "avtalsdokument"
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


def import_file_path(instance, filename):
    return f"imports/{timezone.now():%Y/%m}/{filename}"


class ImportBatch(TimeStampedModel):
    """One uploaded import file: kept with who sent it, the preview's row report and counts."""

    file = models.FileField("fil", upload_to=import_file_path)
    original_name = models.CharField("filnamn", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importerad av",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "status", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    report = models.JSONField("radrapport", default=list, blank=True)
    counts = models.JSONField("antal", default=dict, blank=True)
    finished_at = models.DateTimeField("importerad", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "importer"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

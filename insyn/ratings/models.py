"""Placements of clients at units, the versioned rating questionnaire and submitted ratings."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from insyn.core.models import TimeStampedModel

from .constants import Gender, PlacementStatus
from .validators import validate_no_personnummer


class RatingQuestionnaire(TimeStampedModel):
    """A version of the rating questions. Ratings keep the version they answered, so a new
    version never changes an old score."""

    version = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("benämning", max_length=200)
    is_active = models.BooleanField("gällande", default=False)

    class Meta:
        verbose_name = "ratingformulär"
        verbose_name_plural = "ratingformulär"
        ordering = ["-version"]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def max_points(self) -> int:
        return sum(max(a.points for a in q.alternatives.all()) for q in self.questions.all())


class RatingQuestion(models.Model):
    questionnaire = models.ForeignKey(
        RatingQuestionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField("nyckel", max_length=40)
    text = models.CharField("fråga", max_length=300)
    order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "ratingfråga"
        verbose_name_plural = "ratingfrågor"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="rating_question_key")
        ]

    def __str__(self):
        return self.text


class RatingAlternative(models.Model):
    question = models.ForeignKey(
        RatingQuestion, on_delete=models.CASCADE, related_name="alternatives"
    )
    label = models.CharField("svarsalternativ", max_length=120)
    points = models.PositiveSmallIntegerField("poäng")
    order = models.PositiveSmallIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "svarsalternativ"
        verbose_name_plural = "svarsalternativ"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.label} ({self.points} p)"


class Placement(TimeStampedModel):
    """A client placed at a unit. The client is only a case reference, never a person."""

    case_reference = models.CharField(
        "ärendereferens",
        max_length=60,
        validators=[validate_no_personnummer],
        help_text="Referensen i verksamhetssystemet. Aldrig namn eller personnummer.",
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name="verksamhet",
        on_delete=models.PROTECT,
        related_name="placements",
    )
    district = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="beställande stadsdel",
        on_delete=models.PROTECT,
        related_name="placements",
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beställande handläggare",
        on_delete=models.PROTECT,
        related_name="ordered_placements",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerad av",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField("startdatum")
    end_date = models.DateField("slutdatum", null=True, blank=True)
    category = models.ForeignKey(
        "registry.Category", verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    client_age = models.PositiveSmallIntegerField("brukarens ålder", null=True, blank=True)
    client_gender = models.CharField(
        "brukarens kön", max_length=10, choices=Gender.choices, default=Gender.ANY
    )
    need = models.CharField(
        "behov som placeringen svarar mot",
        max_length=300,
        blank=True,
        validators=[validate_no_personnummer],
    )
    recommendation = models.ForeignKey(
        "placement.Recommendation",
        verbose_name="rekommendation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    status = models.CharField(
        "status", max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    rating_due_on = models.DateField("rating begärs från", db_index=True)
    rating_requested_at = models.DateTimeField("ratingbegäran skickad", null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField("påminnelser", default=0)
    last_reminder_at = models.DateTimeField("senaste påminnelse", null=True, blank=True)

    class Meta:
        verbose_name = "placering"
        verbose_name_plural = "placeringar"
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["case_worker", "rating_due_on"]),
            models.Index(fields=["district", "rating_due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_end_not_before_start",
            )
        ]

    def __str__(self):
        return f"Placering {self.case_reference} – {self.unit}"

    @property
    def is_cancelled(self) -> bool:
        """Registered by mistake: no end date needed, no rating asked for."""
        return self.status == PlacementStatus.CANCELLED

    def get_absolute_url(self):
        return reverse("ratings:placement_detail", args=[self.pk])


class Rating(TimeStampedModel):
    """One submitted rating of a placement. `unit` is copied from the placement so the
    aggregation reads one table through one index."""

    placement = models.OneToOneField(
        Placement, verbose_name="placering", on_delete=models.PROTECT, related_name="rating"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name="verksamhet", on_delete=models.PROTECT, related_name="ratings"
    )
    questionnaire = models.ForeignKey(
        RatingQuestionnaire, verbose_name="formulär", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lämnad av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField("datum")
    points_total = models.PositiveSmallIntegerField("poängsumma")
    max_points = models.PositiveSmallIntegerField("maxpoäng")
    score = models.DecimalField("poäng (0–100)", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "rating"
        verbose_name_plural = "ratingar"
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            # score as a key column makes the index covering on every database (SQLite
            # has no INCLUDE): the aggregation never reads the table.
            models.Index(fields=["unit", "submitted_on", "score"], name="rating_unit_date")
        ]

    def __str__(self):
        return f"Rating {self.score} för {self.unit}"


class RatingAnswer(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RatingQuestion, on_delete=models.PROTECT, related_name="+")
    alternative = models.ForeignKey(RatingAlternative, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField("poäng")

    class Meta:
        verbose_name = "ratingsvar"
        verbose_name_plural = "ratingsvar"
        constraints = [
            models.UniqueConstraint(fields=["rating", "question"], name="rating_answer_once")
        ]

    def __str__(self):
        return f"{self.question}: {self.alternative}"


class UnitRatingSummary(models.Model):
    """Sum and count of a unit's ratings in the window, so a search over a whole category
    reads one row per unit instead of aggregating millions of ratings.

    Rebuilt daily by `refresh_rating_summaries` (the window moves with the date) and bumped
    by every submitted rating in between; readers check `queries.summaries_current()` and
    fall back to the exact aggregate when the summaries are older than a day.
    """

    unit = models.OneToOneField(
        "registry.Unit",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="rating_summary",
    )
    score_sum = models.DecimalField(max_digits=14, decimal_places=1, default=0)
    count = models.PositiveIntegerField(default=0)
    refreshed_on = models.DateField(db_index=True)

    class Meta:
        verbose_name = "ratingsammanfattning"
        verbose_name_plural = "ratingsammanfattningar"

    def __str__(self):
        return f"{self.count} ratingar ({self.refreshed_on:%Y-%m-%d})"


class AnswerRateDay(models.Model):
    """Per ordering district and rating due date: placements asked for a rating (not
    cancelled) and how many were answered, so the answer rate over a three-year window is
    a sum over a few thousand rows instead of a join of millions of placements and ratings.

    Rebuilt nightly by `refresh_answer_rate_days`; placements and ratings registered since
    count from the next night (the page says when the figures were counted). Readers fall
    back to the exact aggregate when the rows are older than a day.
    """

    district = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name="stadsdel"
    )
    due_on = models.DateField("rating begärs från")
    due = models.PositiveIntegerField("begärda", default=0)
    answered = models.PositiveIntegerField("besvarade", default=0)
    refreshed_on = models.DateField(db_index=True)

    class Meta:
        verbose_name = "svarsfrekvens per dag"
        verbose_name_plural = "svarsfrekvens per dag"
        constraints = [
            models.UniqueConstraint(fields=["district", "due_on"], name="answer_rate_day_once")
        ]

    def __str__(self):
        return f"{self.district_id} {self.due_on:%Y-%m-%d}: {self.answered}/{self.due}"

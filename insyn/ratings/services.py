"""Writes for placements and ratings, one transaction each; mail goes out on commit."""

import datetime as dt

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from insyn.core.errors import DomainError
from insyn.core.formatting import number
from insyn.core.history import log_action

from . import conf, notices, scoring
from .constants import PlacementStatus
from .models import (
    AnswerRateDay,
    Placement,
    Rating,
    RatingAnswer,
    RatingQuestionnaire,
    UnitRatingSummary,
)

ALREADY_RATED = "Placeringen har redan fått en rating. En rating kan bara lämnas en gång."


class RatingError(DomainError):
    """A rating that must not be saved; the message is Swedish and shown to the user."""


def rating_due_on(start_date: dt.date) -> dt.date:
    return start_date + dt.timedelta(days=conf.get("RATING_DUE_AFTER_DAYS"))


@transaction.atomic
def register_placement(form, user, recommendation=None) -> Placement:
    placement = form.save(commit=False)
    placement.registered_by = user
    placement.recommendation = recommendation
    placement.rating_due_on = rating_due_on(placement.start_date)
    with set_actor(user):
        placement.full_clean()
        placement.save()
        log_action(placement, "insyn.ratings.placement.registered", user)
    return placement


@transaction.atomic
def end_placement(placement: Placement, user, end_date: dt.date, cancel: bool = False):
    """Active → ended (on `end_date`) or cancelled. Only an active placement can change:
    an ended or cancelled one is history (RatingError, nothing saved)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.ACTIVE:
        raise RatingError(
            f"Placeringen är redan {placement.get_status_display().lower()} och kan inte ändras."
        )
    placement.end_date = end_date
    placement.status = PlacementStatus.CANCELLED if cancel else PlacementStatus.ENDED
    with set_actor(user):
        placement.save(update_fields=["end_date", "status", "updated_at"])
        if cancel:
            log_action(placement, "insyn.ratings.placement.cancelled", user)
        else:
            log_action(
                placement,
                "insyn.ratings.placement.ended",
                user,
                {"end_date": f"{end_date:%Y-%m-%d}"},
            )
    return placement


def ensure_default_questionnaire() -> RatingQuestionnaire:
    """The active questionnaire; creates version 1 (DEFAULT_QUESTIONS) when there is none,
    e.g. after `flush` emptied the rows the data migration loaded."""
    from .constants import DEFAULT_QUESTIONS
    from .models import RatingAlternative, RatingQuestion

    current = RatingQuestionnaire.objects.filter(is_active=True).first()
    if current is not None:
        return current
    version = RatingQuestionnaire.objects.order_by("-version").first() or None
    questionnaire = RatingQuestionnaire.objects.create(
        version=(version.version + 1) if version else 1,
        title="Rating efter placering",
        is_active=True,
    )
    for q_order, (key, text, alternatives) in enumerate(DEFAULT_QUESTIONS, start=1):
        question = RatingQuestion.objects.create(
            questionnaire=questionnaire, key=key, text=text, order=q_order
        )
        RatingAlternative.objects.bulk_create(
            RatingAlternative(question=question, label=label, points=points, order=a_order)
            for a_order, (label, points) in enumerate(alternatives, start=1)
        )
    return questionnaire


def active_questionnaire() -> RatingQuestionnaire:
    return RatingQuestionnaire.objects.prefetch_related("questions__alternatives").get(
        is_active=True
    )


@transaction.atomic
def submit_rating(placement: Placement, user, answers: dict[int, int], today=None) -> Rating:
    """Save the ordering case worker's answers ({question_id: alternative_id}) and score.

    Refuses (RatingError, nothing saved) a second rating, a rating by anyone else than the
    ordering case worker, a rating before it is due, and answers outside the alternatives.
    """
    today = today or timezone.localdate()
    # Lock the placement so two simultaneous submissions can't both pass the check below.
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.case_worker_id != user.pk:
        raise RatingError(
            "Bara den handläggare som beställde placeringen kan lämna rating för den."
        )
    if Rating.objects.filter(placement=placement).exists():
        raise RatingError(ALREADY_RATED)
    if placement.status == PlacementStatus.CANCELLED:
        raise RatingError("Placeringen är makulerad och kan inte få rating.")
    if today < placement.rating_due_on:
        raise RatingError(
            f"Placeringen kan få rating från och med {placement.rating_due_on:%Y-%m-%d}."
        )
    questionnaire = active_questionnaire()
    questions = list(questionnaire.questions.all())
    chosen = []
    for question in questions:
        alternatives = {a.pk: a for a in question.alternatives.all()}
        alternative = alternatives.get(answers.get(question.pk))
        if alternative is None:
            raise RatingError(
                f"Svaret på frågan ”{question.text}” saknas eller är inte ett av "
                "svarsalternativen. Välj ett av alternativen."
            )
        chosen.append((question, alternative))
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise RatingError("Svaret innehåller frågor som inte finns i det gällande formuläret.")
    max_points = sum(max(a.points for a in q.alternatives.all()) for q in questions)
    points = [a.points for _, a in chosen]
    with set_actor(user):
        rating = Rating.objects.create(
            placement=placement,
            unit_id=placement.unit_id,
            questionnaire=questionnaire,
            submitted_by=user,
            submitted_on=today,
            points_total=sum(points),
            max_points=max_points,
            score=scoring.score(points, max_points),
        )
        RatingAnswer.objects.bulk_create(
            RatingAnswer(rating=rating, question=q, alternative=a, points=a.points)
            for q, a in chosen
        )
        log_action(
            placement, "insyn.ratings.placement.rated", user, {"score": number(rating.score, 1)}
        )
    # Keep the search's summary current until the nightly rebuild.
    UnitRatingSummary.objects.filter(unit_id=placement.unit_id).update(
        score_sum=F("score_sum") + rating.score, count=F("count") + 1
    )
    return rating


@transaction.atomic
def refresh_rating_summaries(today=None) -> int:
    """Rebuild every unit's rating sum and count over the window ending `today` (daily job:
    the window moves with the date). Returns the number of units with ratings."""
    today = today or timezone.localdate()
    rows = (
        Rating.objects.filter(submitted_on__gte=scoring.window_start(today))
        .order_by()
        .values("unit_id")
        .annotate(total=Sum("score"), n=Count("pk"))
    )
    UnitRatingSummary.objects.all().delete()
    UnitRatingSummary.objects.bulk_create(
        (
            UnitRatingSummary(
                unit_id=row["unit_id"], score_sum=row["total"], count=row["n"], refreshed_on=today
            )
            for row in rows.iterator()
        ),
        batch_size=2000,
    )
    return UnitRatingSummary.objects.count()


@transaction.atomic
def refresh_answer_rate_days(today=None) -> int:
    """Rebuild the per-district, per-due-date answer counts (daily job) from every placement
    that is not cancelled. Returns the number of rows."""
    today = today or timezone.localdate()
    rows = (
        Placement.objects.exclude(status=PlacementStatus.CANCELLED)
        .order_by()
        .values("district_id", "rating_due_on")
        .annotate(due=Count("pk"), answered=Count("rating"))
    )
    AnswerRateDay.objects.all().delete()
    AnswerRateDay.objects.bulk_create(
        (
            AnswerRateDay(
                district_id=row["district_id"],
                due_on=row["rating_due_on"],
                due=row["due"],
                answered=row["answered"],
                refreshed_on=today,
            )
            for row in rows.iterator()
        ),
        batch_size=2000,
    )
    return AnswerRateDay.objects.count()


@transaction.atomic
def send_rating_requests(today=None) -> dict[str, int]:
    """Ask for due ratings and remind about unanswered ones; returns how many of each.

    A placement is asked once when its due date has come; after that, every
    RATING_REMINDER_INTERVAL_DAYS without an answer it gets a reminder, at most
    RATING_MAX_REMINDERS. The notifications are written in this transaction (the outbox).
    """
    now = timezone.now()
    today = today or timezone.localdate()
    interval = dt.timedelta(days=conf.get("RATING_REMINDER_INTERVAL_DAYS"))
    # Lock only the placements: PostgreSQL refuses FOR UPDATE on the outer join to ratings.
    due = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("unit", "case_worker")
        .filter(rating_due_on__lte=today, rating__isnull=True)
        .exclude(status=PlacementStatus.CANCELLED)
    )
    requested, reminded = [], []
    for placement in due.filter(rating_requested_at__isnull=True):
        placement.rating_requested_at = now
        placement.save(update_fields=["rating_requested_at", "updated_at"])
        requested.append(placement)
    for placement in due.filter(
        rating_requested_at__isnull=False, reminders_sent__lt=conf.get("RATING_MAX_REMINDERS")
    ):
        last = placement.last_reminder_at or placement.rating_requested_at
        if now - last < interval:
            continue
        placement.reminders_sent += 1
        placement.last_reminder_at = now
        placement.save(update_fields=["reminders_sent", "last_reminder_at", "updated_at"])
        reminded.append(placement)

    for placement in requested:
        notices.RATING_REQUESTED.send(placement, due=placement.rating_due_on)
    for placement in reminded:
        notices.RATING_REMINDER.send(placement, due=today)
    return {"requested": len(requested), "reminded": len(reminded)}

"""Ratings' notification kinds: the rating task and its reminders (to the case worker who
ordered the placement). Raised by `services.send_rating_requests` inside its transaction."""

from django.urls import reverse

from insyn.core.notices import Kind


def _context(placement):
    return {
        "reference": placement.case_reference,
        "unit": placement.unit.name,
        "start": f"{placement.start_date:%Y-%m-%d}",
    }


_TEXT = (
    "Placeringen {reference} på {unit} startade {start}. Besvara de fem frågorna om hur "
    "placeringen har fungerat – det tar en minut och hjälper placeringshandläggarna att "
    "rekommendera rätt verksamhet. Utföraren ser bara ett sammanvägt resultat, aldrig vem "
    "som har svarat."
)

RATING_REQUESTED = Kind(
    key="ratings.rating_requested",
    label="Rating att lämna",
    subject="Lämna rating för placering {reference}",
    text=_TEXT,
    recipients=lambda p: [p.case_worker],
    link=lambda p, user: reverse("ratings:rate", args=[p.pk]),
    context=_context,
    permission="ratings.rate_placement",
)
RATING_REMINDER = Kind(
    key="ratings.rating_reminder",
    label="Påminnelse om rating",
    subject="Påminnelse: lämna rating för placering {reference}",
    text=_TEXT,
    recipients=lambda p: [p.case_worker],
    link=lambda p, user: reverse("ratings:rate", args=[p.pk]),
    context=_context,
    permission="ratings.rate_placement",
    reminder=True,
)

KINDS = (RATING_REQUESTED, RATING_REMINDER)

"""Placement's notification kind: a recommendation is ready for the case worker."""

from django.urls import reverse

from insyn.core.notices import Kind

RECOMMENDATION_READY = Kind(
    key="placement.recommendation_ready",
    label="Placeringsrekommendation klar",
    subject="Placeringsrekommendation{reference}",
    text="{author} har tagit fram en placeringsrekommendation{reference} ({category}, start "
    "{start}). Läs den och ladda ner PDF:en: {pdf}",
    recipients=lambda r: [r.case_worker],
    link=lambda r, user: r.get_absolute_url(),
    context=lambda r: {
        "reference": f" för {r.case_reference}" if r.case_reference else "",
        "author": str(r.created_by),
        "category": str(r.category),
        "start": f"{r.start_date:%Y-%m-%d}",
    },
    permission="placement.view_recommendation",
    extra={"pdf": lambda r, user: reverse("placement:recommendation_pdf", args=[r.pk])},
)

KINDS = (RECOMMENDATION_READY,)

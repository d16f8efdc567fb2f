"""Writes for recommendations: one transaction, the shown register data frozen with it."""

from auditlog.context import set_actor
from django.db import transaction

from insyn.core import formatting

from . import notices
from .models import Recommendation, RecommendedUnit


def snapshot(row) -> dict:
    """What the recommendation shows about a unit (seed 000 §3.2.1), as it is today."""
    unit, provider = row.unit, row.unit.provider
    ages = formatting.age_range(unit.target_age_min, unit.target_age_max)
    ages = f"{ages}, " if ages else ""
    return {
        "unit_name": unit.name,
        "provider_name": provider.name,
        "org_number": provider.org_number,
        "operation_form": provider.get_operation_form_display(),
        "contact_name": provider.contact_name,
        "email": provider.email,
        "phone": provider.phone,
        "address": " ".join(x for x in [unit.street_address, unit.postal_code, unit.city] if x),
        "municipality": unit.municipality,
        "category": unit.category.name,
        "focus": unit.focus,
        "target_group": ages
        + unit.get_target_gender_display().lower()
        + (f"; {unit.target_needs}" if unit.target_needs else ""),
        "permit": (
            f"{unit.ivo_permit_number}"
            + (f", {formatting.date(unit.ivo_permit_date)}" if unit.ivo_permit_date else "")
            + (f" ({unit.ivo_permit_scope})" if unit.ivo_permit_scope else "")
            if unit.ivo_permit_number
            else ""
        ),
        "in_framework": row.in_framework,
        "price_framework": formatting.sek(unit.price_per_day_framework),
        "price_indication": formatting.sek(unit.price_indication),
        "vacancies": unit.vacancies,
        "places": unit.places,
        "rating": formatting.number(row.rating, 1) if row.rating is not None else None,
        "rating_count": row.rating_count,
        "open_deficiencies": row.open_deficiencies,
        "serious_feedback": row.serious_feedback,
        "distance": row.distance,
    }


@transaction.atomic
def create_recommendation(need, rows, data: dict, user) -> Recommendation:
    """Save the need, the recipient and the chosen ranked rows (positions renumbered 1…)."""
    with set_actor(user):
        recommendation = Recommendation(
            created_by=user,
            case_worker=data["case_worker"],
            case_reference=data.get("case_reference", ""),
            note=data.get("note", ""),
            category_id=need.category_id,
            age_min=need.age_min,
            age_max=need.age_max,
            gender=need.gender,
            focus=need.focus,
            start_date=need.start_date,
            district_id=need.district_id,
            municipality=need.municipality,
            max_price=need.max_price,
        )
        recommendation.full_clean()
        recommendation.save()
        for position, row in enumerate(rows, start=1):
            RecommendedUnit.objects.create(
                recommendation=recommendation,
                unit=row.unit,
                position=position,
                score=row.score,
                reasons=[r.as_dict() for r in row.reasons],
                snapshot=snapshot(row),
            )
    notices.RECOMMENDATION_READY.send(recommendation)
    return recommendation

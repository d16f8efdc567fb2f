"""Tunables for the recommendation search, read from settings.INSYN["PLACEMENT"] over these
defaults (merge rule: insyn.core.conf).

`INSYN["PLACEMENT"] = {"PLACEMENT_RANKING_WEIGHTS": {"framework": 30}}` overrides single keys of
RANKING_WEIGHTS (see ranking.py for what each weight means); the rest keep their defaults.
"""

from django.core.exceptions import ImproperlyConfigured

from insyn.core.conf import app_settings

RANKING_WEIGHTS = {
    # Fit: vacancies by the wanted start date.
    "vacancy_confirmed": 40,  # free places, confirmed within VACANCY_FRESH_DAYS of the start
    "vacancy_unconfirmed": 25,  # free places, but the figure is older: to be checked
    "vacancy_unknown": 10,  # the unit has not reported vacancies
    # Fit: each word of the wanted focus found in the unit's focus/needs/description.
    "focus_word": 10,
    "focus_max": 30,
    # Then framework agreement, rating, price, distance: smaller weights, in that order.
    "framework": 20,
    "rating": 15,  # × mean rating / 100 (0 when the rating is hidden)
    "price": 10,  # × (reference price − price) / reference price
    "same_district": 6,
    "same_municipality": 3,
    # Risk signals lower the score (and are shown).
    "open_deficiency": -3,
    "open_deficiency_max": -15,
    "serious_feedback": -5,
    "serious_feedback_max": -15,
}

DEFAULTS = {
    "PLACEMENT_VACANCY_FRESH_DAYS": 30,
    # Serious feedback counts in the ranking when received within this many days.
    "PLACEMENT_FEEDBACK_DAYS": 365,
    "PLACEMENT_MAX_RESULTS": 30,
    "PLACEMENT_RANKING_WEIGHTS": RANKING_WEIGHTS,
}

get = app_settings("PLACEMENT", DEFAULTS).get


PENALTIES = ("open_deficiency", "open_deficiency_max", "serious_feedback", "serious_feedback_max")


def weights() -> dict:
    """The ranking weights. Risk signals must subtract (the ranking stops scoring units that
    can no longer reach the list, which assumes nothing but risk lowers a score)."""
    merged = get("PLACEMENT_RANKING_WEIGHTS")
    positive = [key for key in PENALTIES if merged[key] > 0]
    if positive:
        raise ImproperlyConfigured(
            f"PLACEMENT_RANKING_WEIGHTS: {', '.join(positive)} must be 0 or negative "
            "(risk signals lower a unit's points)."
        )
    return merged

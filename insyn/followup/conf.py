"""Tunables for risk scoring, classification and planning.

Defaults live here; a municipality overrides any key with `settings.INSYN["FOLLOWUP"]`,
e.g. INSYN = {..., "FOLLOWUP": {"PLAN_CAPACITY": 50}}. Dicts are merged one level deep,
so overriding one category weight keeps the others (merge rule: insyn.core.conf).
"""

from insyn.core.conf import app_settings
from insyn.registry.constants import IVO_PERMIT_CATEGORIES

DEFAULTS = {
    # Contract classification (seed 004): value class high from this annual value (kr) …
    "VALUE_HIGH_FROM": 5_000_000,
    # … impact class high when the covered places times the worst vulnerability weight
    # reaches this number, or when any covered unit's category is in HIGH_IMPACT_CATEGORIES.
    "IMPACT_HIGH_FROM": 60,
    "HIGH_IMPACT_CATEGORIES": ["hvb-barn", "skyddat-boende", "lss-boende"],
    "STRATEGIC_WARNING_ABOVE": 10,
    # Risk score weights (see risk.score for how each is used).
    "RISK_WEIGHTS": {
        "value_per_msek": 1.0,
        "value_cap": 20.0,
        "per_place": 0.5,
        "places_cap": 15.0,
        "per_month_since_followup": 0.5,
        "months_cap": 48,
        "never_followed_up": 24.0,
        "per_open_deficiency": 5.0,
        "per_overdue_action": 8.0,
        "per_complaint": 2.0,
        "per_lex_sarah": 6.0,
        "per_serious_feedback": 4.0,
        # Ratings are 0–100 (insyn.ratings); a mean of 0 adds the full weight, 100 adds 0.
        "low_rating_max": 10.0,
        "missing_permit": 10.0,
        "manual_flag": 15.0,
        # IVO decisions about the provider in the last 24 months (suppliers.queries.risk_facts),
        # points per decision by kind, capped; a permit decision counts nothing.
        "ivo_criticism": 3.0,
        "ivo_injunction": 8.0,
        "ivo_fine_injunction": 12.0,
        "ivo_revocation": 20.0,
        "ivo_cap": 30.0,
        # Financial warning signs of the provider's annual reports (suppliers.warnings), capped.
        "per_financial_warning": 4.0,
        "financial_cap": 16.0,
    },
    # Vulnerability of the target group by category code; children, protected housing and
    # LSS weigh more. Categories not listed get DEFAULT_VULNERABILITY.
    "VULNERABILITY": {
        "hvb-barn": 20.0,
        "skyddat-boende": 20.0,
        "lss-boende": 15.0,
        "familjehem": 15.0,
        "korttidsvistelse": 12.0,
        "hvb-vuxna": 10.0,
        "behandlingshem": 10.0,
    },
    "DEFAULT_VULNERABILITY": 5.0,
    # Categories where the unit must hold an IVO permit (missing permit raises the score).
    # The default categories' list, the same one that set `Category.requires_ivo_permit`.
    "PERMIT_REQUIRED_CATEGORIES": list(IVO_PERMIT_CATEGORIES),
    # Planning rules (seeds 003, 004, 001).
    "NEW_CONTRACT_AFTER_MONTHS": 6,
    "FRAMEWORK_TERM_MONTHS": 48,
    # Framework follow-ups at these fractions of the term: spread, never both at the end.
    "FRAMEWORK_POINTS": [1 / 3, 2 / 3],
    "PLAN_CAPACITY": 70,
    # Months used to spread extended visits (no visits in July, the holiday month).
    "VISIT_MONTHS": [2, 3, 4, 5, 6, 8, 9, 10, 11],
    "RULE_METHODS": {
        "new_contract": "site_visit",
        "framework": "contract_audit",
        "category_cover": "site_visit",
        "risk": "site_visit",
    },
    # Dashboard: a unit's risk "rose" when its newest snapshot is this much above the previous.
    "RISK_ROSE_BY": 5.0,
    "SELF_REPORT_DAYS": 30,
    # Gallring (retention.py): this many years after a follow-up was finished, and once all
    # its deficiencies are remedied, identity numbers in its texts are replaced by the masked
    # form. The seeds name no period; two years matches feedback's default (730 days).
    "TEXT_RETENTION_YEARS": 2,
    "ACTION_PLAN_DAYS": 30,
}

get = app_settings("FOLLOWUP", DEFAULTS).get

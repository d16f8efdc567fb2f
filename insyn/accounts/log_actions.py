"""Account events (the "membership changed" events): name → Swedish sentence
(see `core.history`). Data holds role, unit and provider names, never personal data."""

ACTIONS = {
    "insyn.accounts.user.created": "Kontot {object} skapades med rollen {role}.",
    "insyn.accounts.user.role_changed": "Rollen för {object} ändrades från {old} till {new}.",
    "insyn.accounts.user.org_unit_changed": (
        "Organisationsenheten för {object} ändrades från {old} till {new}."
    ),
    "insyn.accounts.user.provider_changed": (
        "Utföraren för {object} ändrades från {old} till {new}."
    ),
    "insyn.accounts.user.deactivated": "Kontot {object} inaktiverades.",
    "insyn.accounts.user.reactivated": "Kontot {object} aktiverades igen.",
    "insyn.accounts.orgunit.deactivated": "Organisationsenheten {object} inaktiverades.",
    "insyn.accounts.membership.added": "{object} fick medlemskapet {membership}.",
    "insyn.accounts.membership.removed": "{object} förlorade medlemskapet {membership}.",
    "insyn.accounts.sso.login": (
        "{object} loggade in med kommunens inloggning; grupperna gav {memberships}."
    ),
}

NONE = "ingen"

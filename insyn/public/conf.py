"""Tunables for the public part. Override with settings.INSYN["PUBLIC"] = {"MIN_COUNT": 10}
(merge rule: insyn.core.conf)."""

from insyn.core.conf import app_settings

DEFAULTS = {
    # Any count below this in a public table is shown as "färre än N" (and so is a second
    # cell when one suppressed cell could be worked out from a shown total).
    "MIN_COUNT": 5,
    # OCDS ocid prefix: register one at the Open Contracting Partnership before real use;
    # "ocds-" + six characters is their format. This placeholder is not registered.
    "OCID_PREFIX": "ocds-insyn0",
    # The buyer in OCDS: the municipality's own organisationsnummer. The default is an
    # obvious placeholder (all zeros: well-formed, but no legal entity has it) so that no real
    # municipality is named as buyer by mistake; `check --deploy` warns while it is in use
    # (insyn.public.checks).
    "MUNICIPALITY_ORG_NUMBER": "000000-0000",
    "LICENSE_URL": "https://creativecommons.org/publicdomain/zero/1.0/",
    "LICENSE_NAME": "CC0 1.0 Universal (Public Domain Dedication)",
}

get = app_settings("PUBLIC", DEFAULTS).get

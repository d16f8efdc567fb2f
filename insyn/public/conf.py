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
    # The buyer in OCDS: the municipality's own organisationsnummer (Göteborgs kommun in the
    # demo, whose districts the demo data uses).
    "MUNICIPALITY_ORG_NUMBER": "212000-1355",
    "LICENSE_URL": "https://creativecommons.org/publicdomain/zero/1.0/",
    "LICENSE_NAME": "CC0 1.0 Universal (Public Domain Dedication)",
}

get = app_settings("PUBLIC", DEFAULTS).get

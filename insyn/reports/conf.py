"""Tunables for reports. Override with settings.INSYN["REPORTS"] = {"KOLADA_MUNICIPALITY": …}
(merge rule: insyn.core.conf)."""

from insyn.core.conf import app_settings

DEFAULTS = {
    # Kolada's four-digit municipality id (kommunkod) of this municipality; an indicator CSV
    # with any other id is refused. 1480 is Göteborg (the demo's districts are Göteborg's).
    "KOLADA_MUNICIPALITY": "1480",
    # A goal's indicator counts as "near" its annual target within this share of the target
    # (see goals.indicator_state).
    "NEAR_TARGET_SHARE": 0.10,
}

get = app_settings("REPORTS", DEFAULTS).get

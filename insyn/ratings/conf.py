"""Tunables for placements and ratings, read from settings.INSYN["RATINGS"] over these defaults.

Override e.g. `INSYN["RATINGS"] = {"RATING_MIN_COUNT": 5}` (merge rule: insyn.core.conf); read
them through `get()` so tests can change settings with the `settings` fixture.
"""

from insyn.core.conf import app_settings

DEFAULTS = {
    # Days after a placement starts before the ordering case worker is asked to rate it.
    "RATING_DUE_AFTER_DAYS": 60,
    # A unit's rating is the mean of the ratings submitted in this many months back.
    "RATING_WINDOW_MONTHS": 36,
    # Below this many ratings in the window the mean is hidden, so no single case worker
    # can be identified from it.
    "RATING_MIN_COUNT": 3,
    # Reminders: first after this many days without an answer, then at the same interval,
    # at most RATING_MAX_REMINDERS times.
    "RATING_REMINDER_INTERVAL_DAYS": 14,
    "RATING_MAX_REMINDERS": 3,
}

get = app_settings("RATINGS", DEFAULTS).get

"""Ids from query parameters and form fields: a positive 64-bit integer, or refused.

`?provider=abc` used to reach the database as text (ValueError → 500), and on SQLite an id
beyond 64 bits (`?provider=99999999999999999999`) overflowed in the driver (another 500).
Views read ids with `parse_id`; filters use `IdFilter`, whose field says in Swedish what is
wrong, so a list shows the error and the API answers 400.
"""

import django_filters
from django import forms

# The largest value of a BigAutoField (every primary key in Insyn) on every database.
MAX_ID = 2**63 - 1
INVALID_ID = "Ange ett id: ett positivt heltal."


def parse_id(value) -> int | None:
    """`value` as an id, or None when it is missing or not a positive 64-bit integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


class IdField(forms.IntegerField):
    """A form field for an id typed or sent by the client: 1 … MAX_ID, else a Swedish error."""

    default_error_messages = {
        "invalid": INVALID_ID,
        "min_value": INVALID_ID,
        "max_value": INVALID_ID,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """django-filter's NumberFilter for an id (`?provider=`, `?unit=`): validated by IdField."""

    field_class = IdField

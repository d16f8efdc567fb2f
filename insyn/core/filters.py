"""List-filter pieces with Swedish labels, shared by the FilterSets of every app."""

import django_filters
from django import forms

from . import ids


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sort choice, Swedish: it has no Swedish translation, so without this a
    list offers "Namn (descending)". `field_labels` are keyed by model field, as upstream."""

    descending_fmt = "%s (fallande)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Sortering")
        super().__init__(*args, **kwargs)


class IdFilter(ids.IdFilter):
    """A filter by one related record's id, set by links (`?provider=12`) and the API, never
    typed: a hidden field, so the filter form never shows users a bare id box; the value is
    validated as an id (`core.ids`), so `?provider=abc` is a form error, never a 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)

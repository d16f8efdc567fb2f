"""What the API accepts, checked as strictly as its schema says (insyn/core/api_schema.py):
pagination, list filters and request bodies. A module of its own (re-exported by
`insyn.core.api`) because settings name these classes as DRF defaults, and DRF imports its
defaults while `insyn.core.api` is still importing drf-spectacular's views.
"""

from collections.abc import Mapping

from django.db import models
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from .ids import MAX_ID, parse_id

PAGE_INVALID = "Ange sidan som ett heltal från 1."
PAGE_SIZE_INVALID = "Ange antal per sida som ett heltal från 1 till {max}."
EMPTY_FILTER = "Ange ett värde, eller utelämna parametern."
NOT_TEXT = 'Ange värdet som en sträng (inom citattecken), t.ex. "1250.50".'
UNKNOWN_FIELD = "Okänt fält: det finns inte i API:t (se schemat på /api/schema/)."


def _positive_int(raw: str, maximum: int) -> int | None:
    """`raw` as an integer 1 … maximum, or None (`"null"`, `"0"`, `"-1"`, `" 2"` …)."""
    if raw.isascii() and raw.isdigit():
        value = int(raw)
        if 1 <= value <= maximum:
            return value
    return None


class Pagination(PageNumberPagination):
    """`?page=N`, and `?page_size=N` (1–500) for clients that fetch a whole register.

    Both are checked, not guessed: `page_size=null` or `page=0` answer 400 with a Swedish
    reason instead of the default size or the first page, so what the schema allows is
    exactly what is accepted; a page past the last answers 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        value = _positive_int(raw, self.max_page_size)
        if value is None:
            raise exceptions.ValidationError(
                {"page_size": [PAGE_SIZE_INVALID.format(max=self.max_page_size)]}
            )
        return value

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and _positive_int(raw, MAX_ID) is None:
            raise exceptions.ValidationError({"page": [PAGE_INVALID]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1, "maximum": MAX_ID},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **bounds.get(parameter["name"], {})}
        return parameters


class StrictBooleanField(serializers.BooleanField):
    """true or false, as the schema says: not DRF's 0/1/"yes"/"on" guesses."""

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)


def _is_string_field(field) -> bool:
    if isinstance(field, serializers.DecimalField):
        coerce = getattr(field, "coerce_to_string", None)
        return api_settings.COERCE_DECIMAL_TO_STRING if coerce is None else bool(coerce)
    return isinstance(field, serializers.CharField)


class StrictInputMixin:
    """A serializer that refuses fields it does not know (each named, in Swedish), so a
    misspelt field is never silently dropped; the schema says so (`additionalProperties:
    false`, insyn.core.api_schema). Read-only fields a client echoes back are ignored."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
    }

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(dict.fromkeys(unknown, [UNKNOWN_FIELD]))
            # Text and decimals are JSON strings (the schema says so): DRF would take the
            # number 0 as "0".
            not_text = sorted(
                name
                for name, field in self.fields.items()
                if _is_string_field(field)
                and not field.read_only
                and data.get(name) is not None
                and not isinstance(data.get(name), str)
            )
            if not_text:
                raise serializers.ValidationError(dict.fromkeys(not_text, [NOT_TEXT]))
        return super().to_internal_value(data)


class FilterBackend(DjangoFilterBackend):
    """django-filter for the API, with one difference from a page's filter form: an id that
    names no row the user can choose (`?committee=987`) gives an empty list, as an id outside
    the user's scope does, instead of 400. Any other invalid filter (`?committee=0`,
    `?committee=abc`, a wrong choice) is a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        filters = filterset.filters
        empty = sorted(
            name
            for name, value in request.query_params.items()
            if value == "" and name in filters and not _may_be_empty(filters[name])
        )
        if empty:
            raise exceptions.ValidationError(dict.fromkeys(empty, [EMPTY_FILTER]))
        if filterset.is_valid():
            return filterset.qs
        if _only_unknown_ids(filterset.form):
            return queryset.none()
        raise filter_utils.translate_validation(filterset.errors)


def _may_be_empty(filter_field) -> bool:
    """An empty choice or text means "all", as the pages' filter forms send it; an empty id,
    number or date says nothing (the schema has no empty integer or date) and is refused."""
    from django_filters import filters

    return not isinstance(
        filter_field, filters.NumberFilter | filters.ModelChoiceFilter | filters.DateFilter
    )


def _only_unknown_ids(form) -> bool:
    from django.forms import ModelChoiceField

    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        if not isinstance(field, ModelChoiceField) or parse_id(form.data.get(name)) is None:
            return False
        if any(error.code != "invalid_choice" for error in errors):
            return False
    return True

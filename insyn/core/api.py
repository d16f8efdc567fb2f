"""Building blocks every app's HTTP API shares: scoped querysets, `rules` object permissions,
writes validated by the pages' forms, Swedish error texts, and token login.

A domain app's `api.py` combines them (see `insyn/registry/api.py`):

    class UnitViewSet(ScopedViewSet):
        scope = staticmethod(queries.units_for)
        perms = {"list": None, "retrieve": "registry.view_unit", "create": "registry.add_unit",
                 "update": "registry.change_unit", "partial_update": "registry.change_unit"}
"""

import base64
import hashlib
import logging
import re
from copy import copy

from django.contrib.auth import authenticate
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import Http404
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import get_override, set_override
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from insyn.core.concurrency import STALE_EDIT_MESSAGE, StaleEditError

from .api_input import FilterBackend, Pagination, StrictInputMixin
from .client_ip import client_ip
from .errors import DomainError
from .ids import MAX_ID, IdFilter
from .tokens import describe, revoke_tokens, token_for

__all__ = ["FilterBackend", "Pagination", "StrictInputMixin"]  # re-exported for the apps

logger = logging.getLogger(__name__)

# Outside the user's scope and non-existent look the same, so ids can't be probed.
NOT_FOUND = "Posten finns inte, eller så har du inte behörighet att se den."
PERMISSION_DENIED = "Du har inte behörighet att göra detta."
NOT_AUTHENTICATED = (
    "Du är inte inloggad. Logga in, eller skicka en token i huvudet "
    "'Authorization: Token <din token>' (hämtas med POST /api/v1/token/)."
)
PARSE_ERROR = "Begäran kunde inte tolkas. Skicka giltig JSON (Content-Type: application/json)."
CONFLICT = "Ändringen krockar med uppgifter som redan finns. Hämta posten på nytt och försök igen."
FIELD_NOT_WRITABLE = "Fältet kan inte ändras av er. Kontakta kommunen om uppgiften behöver ändras."
VERSION_REQUIRED = (
    "Ange versionen ni läste: fältet version, eller huvudet If-Match med ETag från GET. "
    "En PUT ersätter hela posten och får inte skriva över någon annans ändringar."
)
VERSION_HELP = (
    "Postens version; höjs vid varje ändring. Skicka den version ni läste (eller huvudet "
    "If-Match med GET-svarets ETag): har någon sparat sedan dess sparas ingenting (412). "
    "Krävs för PUT; för PATCH kontrolleras den när den anges."
)


class VersionRequired(exceptions.APIException):
    status_code = 428
    default_detail = VERSION_REQUIRED
    default_code = "version_required"


class StaleVersion(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_EDIT_MESSAGE
    default_code = "stale_version"


def if_match_version(request) -> int | None:
    """The version in an `If-Match: "7"` header; None without one. An ETag that is not
    ours can never match: it reads as version 0."""
    header = request.headers.get("If-Match")
    if not header:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    return int(value) if value.isdigit() else 0


# An action the view's `perms` does not name.
_REFUSED = object()

# Actions that act on one object: their permission is checked against that object.
OBJECT_ACTIONS = frozenset({"retrieve", "update", "partial_update", "destroy"})


class RulesObjectPermission(BasePermission):
    """Maps the viewset's action to a `rules` permission named in `view.perms`.

    `perms = {"list": None, "retrieve": "registry.view_unit", "create": "registry.add_unit"}`:
    None lets any authenticated user through (the scoped queryset then decides what is
    visible); an action missing from `perms` is refused, so a new action is closed by default.
    Object actions are checked against the object with `user.has_perm(perm, obj)`, the same
    call the pages make.
    """

    message = PERMISSION_DENIED

    @staticmethod
    def _perm(view):
        action = getattr(view, "action", None)
        if action is None or action == "metadata":
            # OPTIONS only describes the endpoint; the data stays behind the other actions.
            return None
        return getattr(view, "perms", {}).get(action, _REFUSED)

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        perm = self._perm(view)
        if perm is _REFUSED:
            return False
        if perm is None or getattr(view, "action", None) in OBJECT_ACTIONS:
            return True
        return user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        if perm is _REFUSED:
            return False
        return perm is None or request.user.has_perm(perm, obj)


class ScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, retrieve, create and update over a scoped query; no DELETE (deletions are soft
    and made on the pages, where the user sees what goes with the record).

    Subclasses set `scope` (a `queries.*_for(user)` function, wrapped in staticmethod),
    `perms`, `serializer_class` and `filterset_class`, and may override `optimize(qs)` to add
    select_related/prefetch_related so list queries stay constant as rows grow.
    """

    scope = None
    perms: dict = {}
    default_ordering: tuple = ("pk",)
    permission_classes = [IsAuthenticated, RulesObjectPermission]
    # The FilterSets carry their own `ordering` (the pages' sort names); DRF's OrderingFilter
    # would read the same parameter with other names.
    filter_backends = [FilterBackend]
    pagination_class = Pagination
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    # What a provider user reads and writes through instead (its own, limited fields), and
    # the predicate that says who is one (core imports no app: the viewset names it).
    portal_serializer_class = None
    is_portal_user = None

    def get_serializer_class(self):
        if self.portal_serializer_class and type(self).is_portal_user(self.request.user):
            return self.portal_serializer_class
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = type(self).scope(self.request.user)
        if not self.request.query_params.get("ordering"):
            queryset = queryset.order_by(*self.default_ordering)
        return self.optimize(queryset)

    def optimize(self, queryset):
        return queryset

    def perform_create(self, serializer):
        serializer.save()
        self._reload(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._reload(serializer)

    def finalize_response(self, request, response, *args, **kwargs):
        # A versioned record's ETag is its version: a client echoes it in If-Match.
        version = getattr(response, "data", None) and (
            response.data.get("version") if isinstance(response.data, dict) else None
        )
        if isinstance(version, int) and getattr(self, "action", None) in OBJECT_ACTIONS:
            response["ETag"] = f'"{version}"'
        return super().finalize_response(request, response, *args, **kwargs)

    def _reload(self, serializer):
        # The answer shows the row as a list would (annotations, related names), read back
        # through the scope: a write never reveals more than a read.
        queryset = self.optimize(type(self).scope(self.request.user))
        serializer.instance = queryset.get(pk=serializer.instance.pk)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference that can only point at rows the requesting user may see.

    `scope` is a `queries.*_for(user)` function; an id outside it is reported as unknown.
    """

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.scope(user)


def _plain(value):
    """Form data from validated serializer data: model instances become their ids."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def form_errors(form) -> dict:
    """A Django form's Swedish errors in DRF's shape ({field: [messages]})."""
    errors = {}
    for field, messages in form.errors.items():
        key = "non_field_errors" if field == "__all__" else field
        errors[key] = list(messages)
    return errors


class FormBackedSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Validates writes with the same ModelForm as the page and saves through the same service.

    The serializer checks types (so the OpenAPI schema is honest); then `form_class` runs every
    business rule with its Swedish message (org number check digit and duplicates, dates,
    vacancies within places, allowed categories …). Subclasses implement `save_form(form, user)`
    by calling the app's service, which keeps the transaction and the auditlog actor.

    With `reject_unwritable = True` input naming a field the serializer does not let this
    user write is refused field by field (used for provider users' limited edits).
    """

    form_class = None
    reject_unwritable = False

    def get_fields(self):
        fields = super().get_fields()
        if _is_versioned(self.Meta.model):
            fields["version"] = serializers.IntegerField(
                required=False, min_value=1, help_text=VERSION_HELP
            )
        return fields

    def get_form(self, data):
        return self.form_class(data=data, instance=self.instance)

    def form_data(self, attrs) -> dict:
        fields = self.form_class._meta.fields
        # A new row starts from the model's defaults, as the page's blank form does.
        current = self.instance if self.instance is not None else self.Meta.model()
        data = model_to_dict(current, fields)
        data.update({name: value for name, value in attrs.items() if name in fields})
        if self.instance is not None and _is_versioned(self.Meta.model):
            data["version"] = self._expected_version(attrs)
        return {name: _plain(value) for name, value in data.items()}

    def _expected_version(self, attrs) -> int:
        """The version the client read: the body's `version`, else `If-Match`. A PUT must
        name one; a PATCH without one writes over the current version."""
        request = self.context.get("request")
        expected = attrs.get("version")
        if expected is None and request is not None:
            expected = if_match_version(request)
        if expected is None:
            if not self.partial:
                raise VersionRequired()
            return self.instance.version
        return expected

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.reject_unwritable:
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(set(getattr(self, "initial_data", {}) or {}) - writable)
            if refused:
                raise serializers.ValidationError(dict.fromkeys(refused, [FIELD_NOT_WRITABLE]))
        self.form = self.get_form(self.form_data(attrs))
        if not self.form.is_valid():
            raise serializers.ValidationError(form_errors(self.form))
        return attrs

    def save_form(self, form, user):
        raise NotImplementedError

    def create(self, validated_data):
        return self.save_form(self.form, self.context["request"].user)

    def update(self, instance, validated_data):
        try:
            return self.save_form(self.form, self.context["request"].user)
        except StaleEditError as error:
            current = type(instance)._base_manager.get(pk=instance.pk)
            raise StaleVersion(
                f"{error.message} Posten har nu version {current.version}: hämta den på nytt "
                "och skicka ändringen igen."
            ) from error

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if _is_versioned(type(instance)):
            data["version"] = instance.version
        return data


def _is_versioned(model) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


class MethodFilterExtension(DjangoFilterExtension):
    """Schema types for django-filter filters that work through a `method=`.

    drf-spectacular cannot see through such methods and would guess "string" with a warning;
    the filter itself knows: a model choice is an id, a choice is one of its values.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        from django_filters import filters

        if filter_field.method and not get_override(filter_field, "field"):
            schema = None
            if isinstance(filter_field, filters.ModelChoiceFilter):
                schema = {"type": "integer"}
            elif isinstance(filter_field, filters.ChoiceFilter | filters.TypedChoiceFilter):
                schema = {"type": "string"}
                choices = filter_field.extra.get("choices")
                if choices and not callable(choices):
                    schema["enum"] = [value for value, _label in choices]
            if schema is not None:
                schema["description"] = str(filter_field.label or field_name)
                filter_field = copy(filter_field)
                set_override(filter_field, "field", schema)
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        strict = _strict_filter_schema(filter_field)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **strict}
            enum = parameter["schema"].get("enum")
            ordering = isinstance(filter_field, filters.OrderingFilter)
            if enum and "" not in enum and not ordering:
                # A choice left empty means "all", as the pages' filter forms send it.
                parameter["schema"]["enum"] = ["", *enum]
        return parameters


def _strict_filter_schema(filter_field) -> dict:
    """What the filter's form field accepts, in schema terms: an id is an integer 1 … MAX_ID
    (IdFilter, and a model choice, whose unknown ids give an empty list: FilterBackend); a
    choice is one of its string values; a number has the field's bounds."""
    from django_filters import filters

    if isinstance(filter_field, filters.OrderingFilter):
        return {}
    if isinstance(filter_field, IdFilter | filters.ModelChoiceFilter):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if isinstance(filter_field, filters.ChoiceFilter | filters.TypedChoiceFilter):
        return {"type": "string"}
    if isinstance(filter_field, filters.NumberFilter):
        field = filter_field.field
        bounds = {"minimum": field.min_value, "maximum": field.max_value}
        return {key: float(value) for key, value in bounds.items() if value is not None}
    return {}


class Refused(exceptions.APIException):
    """A DomainError over HTTP: 400 with the service's Swedish message as `detail`."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


def exception_handler(exc, context):
    """DRF's handler, with Swedish texts for the common refusals and no 500 for domain errors.

    - A DomainError (any app's refusal) becomes a 400 `{"detail": message}`.
    - Http404 / NotFound: one text whether the row is missing or outside the user's scope.
    - A model's own ValidationError (raised in a service's full_clean) becomes a 400.
    - An IntegrityError that slips past validation (two writes racing) becomes a 409.
    """
    if isinstance(exc, DomainError):
        exc = Refused(exc.message)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        # A refusal that says why (`core.access.refuse`) keeps its Swedish message.
        exc = exceptions.PermissionDenied(str(exc) or PERMISSION_DENIED)
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(PARSE_ERROR)
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(NOT_AUTHENTICATED)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        logger.warning("API write refused by a database constraint: %s", exc)
        return Response({"detail": CONFLICT}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class TokenLoginSerializer(StrictInputMixin, serializers.Serializer):
    username = serializers.CharField(label="Användarnamn")
    password = serializers.CharField(
        label="Lösenord", style={"input_type": "password"}, trim_whitespace=False
    )


class TokenLoginThrottle(AnonRateThrottle):
    """30 token requests a minute per client address, counted in the shared cache (so it
    holds across workers) under the address `client_ip` reads, never a client-chosen one."""

    rate = "30/min"

    def get_ident(self, request):
        return client_ip(request._request if hasattr(request, "_request") else request)


class ObtainTokenView(APIView):
    """POST username + password → the user's API token (created on first use, renewed when
    it has expired: `insyn.core.tokens`).

    Authentication goes through `django.contrib.auth.authenticate` with the underlying
    HttpRequest, so django-axes counts failures and locks out exactly as on the login page.
    """

    authentication_classes = []
    permission_classes = []
    throttle_classes = [TokenLoginThrottle]
    serializer_class = TokenLoginSerializer

    @extend_schema(
        summary="Hämta API-token",
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                description="Fel användarnamn eller lösenord, eller saknade fält (på svenska)."
            ),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenLoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": ["Fel användarnamn eller lösenord."]}
            )
        return Response({"token": token_for(user).key})


class OwnTokenSerializer(serializers.Serializer):
    created = serializers.DateTimeField(help_text="När token utfärdades.")
    expires = serializers.DateTimeField(
        allow_null=True, help_text="När token slutar gälla (null: tills lösenordet byts)."
    )
    key_hint = serializers.CharField(help_text="Början av nyckeln, för att känna igen den.")


class OwnTokensView(APIView):
    """The person's own API tokens (never the whole key). Behörighet: inloggad; bara egna."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Mina API-token", responses=OwnTokenSerializer(many=True))
    def get(self, request):
        from rest_framework.authtoken.models import Token

        tokens = Token.objects.filter(user=request.user)
        return Response(OwnTokenSerializer([describe(t) for t in tokens], many=True).data)


class RevokeOwnTokensView(APIView):
    """Revoke the person's own API tokens: the token this request used stops working too.
    Behörighet: inloggad; bara egna."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Återkalla mina API-token",
        request=None,
        responses=inline_serializer("RevokedTokens", {"revoked": serializers.IntegerField()}),
    )
    def post(self, request):
        return Response({"revoked": revoke_tokens(request.user)})


_STYLE_BLOCK = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI under our CSP: scripts come from static files and a separate start script
    (the split view); the page's one fixed <style> block is allowed by its hash, so no
    'unsafe-inline' is needed."""

    def handle_exception(self, exc):
        # A page for people: without login (API_SCHEMA_PUBLIC off) go to the login page.
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.add_post_render_callback(_allow_inline_styles_by_hash)
        return response


def _allow_inline_styles_by_hash(response):
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"
        for block in _STYLE_BLOCK.findall(response.content)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}

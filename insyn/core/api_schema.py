"""Who may read the OpenAPI schema and its docs: anyone when API_SCHEMA_PUBLIC, else users
who are logged in (session or token). Read per request, so the setting can be changed in a
test or by configuration without reloading views.

A module of its own because drf-spectacular imports it from its settings while
`insyn.core.api` is still importing drf-spectacular's views.
"""

from django.conf import settings
from rest_framework.permissions import BasePermission


class SchemaAccess(BasePermission):
    def has_permission(self, request, view):
        if getattr(settings, "API_SCHEMA_PUBLIC", False):
            return True
        return bool(request.user and request.user.is_authenticated)


# ---------------------------------------------------------------------------------------------
# The schema says what the API does: every refusal it can answer, and inputs as strict as the
# server's checks (schemathesis with all checks holds the two together: tests/test_schemathesis).

# Text the API refuses (insyn.core.text: C0 controls except tab/LF/CR, DEL, C1 controls).
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Felet på svenska: `detail` för hela begäran, annars en lista med meddelanden per fält "
        "(`non_field_errors` för begäran som helhet)."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}

ERROR_DESCRIPTIONS = {
    "400": (
        "Begäran avvisades: ett värde har fel typ eller form, ett filter eller en sida är "
        "ogiltig, eller en regel som schemat inte kan uttrycka bröts (posten som anges finns "
        "inte, datum i fel ordning, ett steg som inte är tillåtet i postens läge)."
    ),
    "401": "Inte inloggad: skicka `Authorization: Token <token>` (POST /api/v1/token/).",
    "403": "Inloggad men utan behörighet för åtgärden eller posten.",
    "404": (
        "Posten finns inte, eller du har inte behörighet att se den (samma svar, så id:n "
        "kan inte prövas fram); för en lista: sidan finns inte."
    ),
    "405": "Metoden stöds inte här.",
    "409": "Ändringen krockar med uppgifter som redan finns (t.ex. två samtidiga skrivningar).",
    "412": "Någon har sparat posten sedan du läste den (versionen eller If-Match stämmer inte).",
    "415": "Skicka JSON (Content-Type: application/json).",
    "428": "En PUT måste ange versionen du läste (fältet version eller huvudet If-Match).",
    "429": "För många försök: vänta en stund.",
}

WRITE_METHODS = frozenset({"post", "put", "patch"})


def _error(code: str) -> dict:
    return {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def error_statuses(method: str, operation: dict, body_schema: dict | None) -> list[str]:
    """The error statuses an operation can answer, read from its shape.

    Every operation may answer 400 (a control character in any input is refused); one behind
    a login 401/403 and 404 (an id that names nothing the user may see, a page past the end);
    a write 409 and, without JSON, 415; a versioned write 412, and a versioned PUT 428; the
    token endpoint 429. E.g. `PUT /units/{id}/` → 400 401 403 404 409 412 415 428.
    """
    codes = ["400"]
    secured = bool(operation.get("security"))
    if secured:
        codes += ["401", "403"]
    if secured:
        # A path id, an id in a filter or body, a page past the end: unknown or not yours.
        codes.append("404")
    if method in WRITE_METHODS:
        codes += ["409", "415"] if secured else ["415"]
        if body_schema is not None and "version" in body_schema.get("properties", {}):
            codes.append("412")
            if method == "put":
                codes.append("428")
    if not secured:
        codes.append("429")
    return codes


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], {}) if ref else schema


def _strict_strings(schema: dict) -> None:
    """Every free-text property refuses control characters, as the server does."""
    for prop in schema.get("properties", {}).values():
        if prop.get("type") == "string" and "enum" not in prop and "format" not in prop:
            prop.setdefault("pattern", NO_CONTROL_CHARACTERS)
        elif prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            _strict_strings(prop["items"])


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the errors every operation can answer (one
    `Error` component), request bodies that name every field they accept
    (`additionalProperties: false`: the serializers refuse unknown fields), and free text
    that refuses control characters (insyn.core.text), in bodies and query parameters."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for name, schema in components.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
            _strict_strings(schema)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            body_schema = _resolve(body["schema"], components) if body else None
            responses = operation.setdefault("responses", {})
            for code in error_statuses(method, operation, body_schema):
                responses.setdefault(code, _error(code))
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                free_text = schema.get("type") == "string" and not {"enum", "format"} & set(schema)
                if parameter["in"] == "query" and free_text:
                    schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
    return result


def form_field_schema(field) -> dict:
    """The query-parameter schema of a Django form field, as strict as the field's check.

    E.g. `IntegerField(min_value=0, max_value=120)` → integer 0–120; a model choice → an id;
    `DecimalField(max_digits=10, decimal_places=2)` → a string like "1250.50".
    """
    from django import forms

    from .ids import MAX_ID

    if isinstance(field, forms.ModelChoiceField):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _label in field.choices]}
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.DecimalField):
        whole = (field.max_digits or 20) - (field.decimal_places or 0)
        places = field.decimal_places or 0
        fraction = f"(\\.[0-9]{{1,{places}}})?" if places else ""
        return {"type": "string", "pattern": f"^[0-9]{{1,{whole}}}{fraction}$"}
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        bounds = {"minimum": field.min_value, "maximum": field.max_value}
        schema.update({key: value for key, value in bounds.items() if value is not None})
        return schema
    schema = {"type": "string", "pattern": NO_CONTROL_CHARACTERS}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema


def form_parameters(form, descriptions: dict[str, str]) -> list:
    """Query parameters for a GET answered by a Django form (`NeedForm`), typed from its
    fields: name → description, in that order; required as the form requires."""
    from drf_spectacular.utils import OpenApiParameter

    fields = form().fields
    return [
        OpenApiParameter(
            name,
            type=_empty_allowed(fields[name]),
            required=fields[name].required,
            description=description,
        )
        for name, description in descriptions.items()
    ]


def _empty_allowed(field) -> dict:
    """An optional form field takes "" as "not given": the schema says so."""
    schema = form_field_schema(field)
    if field.required or (schema["type"] == "string" and set(schema) <= {"type", "pattern"}):
        return schema
    if "enum" in schema:
        return {**schema, "enum": ["", *[value for value in schema["enum"] if value != ""]]}
    return {"anyOf": [schema, {"type": "string", "enum": [""]}]}

"""The permission matrix: every route × every role, own and another provider's records.

Every route of the project (all namespaces, the API and the account pages; Django's own
admin excepted) must have a line in MATRIX below. A new route without a line fails
`test_every_route_is_in_the_permission_matrix` with "route X is not in the permission
matrix" — add the line in the same commit as the route.

How to read a line::

    "registry:unit_detail": {
        #      admin  ctrl  place case  coord mgr   own   other anon
        GET: (OK,    OK,   OK,   OK,   OK,   OK,   OK,   HIDDEN, LOGIN),
    },

Columns are the roles in ROLES. "own" is a provider user of the organisation that owns
every object the URL points at (provider, unit, contract … built in `world`); "other" is a
provider user of a different organisation. The values:

    OK (200), CREATED (201), INVALID (400: allowed, the empty/partial data was rejected),
    REDIRECT (302, not to login), LOGIN (302 to the login page), UNAUTHORIZED (401, API),
    DENIED (403), GONE (404), HIDDEN (403 or 404 — never 200), NOT_ALLOWED (405).

GET is a read. POST / PATCH send the data in POST_DATA / PATCH_DATA (or nothing). Whenever
the expectation is a refusal (LOGIN, 401, 403, 404, HIDDEN, 405), the test also proves that
the request changed nothing in the database.

URL arguments: a route with `<pk>` gets the pk of the own organisation's object named by
its route (provider_*, unit_*, contract_* …); anything else goes in ROUTE_KWARGS.
"""

from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.models import ContractDocument
from insyn.registry.tests.factories import (
    ContractFactory,
    ProviderFactory,
    UnitFactory,
    category,
)
from insyn.registry.validators import org_number_with_check_digit

ROLES = (
    "admin",
    "controller",
    "placement_officer",
    "case_worker",
    "coordinator",
    "manager",
    "provider_own",
    "provider_other",
    "anonymous",
)

OK, CREATED, INVALID, DENIED, GONE, NOT_ALLOWED, UNAUTHORIZED = 200, 201, 400, 403, 404, 405, 401
LOGIN = "302 to login"
REDIRECT = "302"
HIDDEN = "403 or 404"
REFUSALS = {LOGIN, UNAUTHORIZED, DENIED, GONE, HIDDEN, NOT_ALLOWED}

GET, POST, PATCH = "GET", "POST", "PATCH"

# Django's own admin is tested by Django; everything else must be classified.
IGNORED_NAMESPACES = {"admin"}

# Shorthands for the commonest lines.
#                adm    ctrl   place  case   coord  mgr    own    other  anon
MUNICIPAL = (OK, OK, OK, OK, OK, OK, DENIED, DENIED, LOGIN)
EDITORS = (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN)
EDITORS_WRITE = (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN)
POST_ONLY_GET = (NOT_ALLOWED,) * 8 + (LOGIN,)
# A record of the own organisation: municipal staff and its own provider read it.
RECORD = (OK, OK, OK, OK, OK, OK, OK, HIDDEN, LOGIN)
# History is for municipal staff only, and another provider must not learn it exists.
RECORD_HISTORY = (OK, OK, OK, OK, OK, OK, DENIED, HIDDEN, LOGIN)
RECORD_EDIT = (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, LOGIN)
RECORD_EDIT_WRITE = (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, LOGIN)
# The provider portal: provider users only, and only their own records.
PORTAL = (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, OK, LOGIN)
PORTAL_RECORD = (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, HIDDEN, LOGIN)
EVERY_USER = (OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)
# The API answers anonymous requests with 401, never a login redirect.
API_READ = (OK, OK, OK, OK, OK, OK, OK, OK, UNAUTHORIZED)
API_RECORD = (OK, OK, OK, OK, OK, OK, OK, GONE, UNAUTHORIZED)
API_CREATE = (INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED)

MATRIX = {
    # ---- account pages and start page ----------------------------------------------------
    # columns: admin, controller, placement, case worker, coordinator, manager, own, other, anon
    "home": {GET: (OK, OK, OK, OK, OK, OK, REDIRECT, REDIRECT, LOGIN)},
    "healthz": {GET: (OK,) * 9},
    "login": {GET: (REDIRECT,) * 8 + (OK,)},
    # Logging out is POST only and always ends on the login page.
    "logout": {GET: (NOT_ALLOWED,) * 9, POST: (LOGIN,) * 9},
    "password_change": {GET: EVERY_USER},
    "password_change_done": {GET: EVERY_USER},
    # ---- register (staff pages) ------------------------------------------------------------
    "registry:provider_list": {GET: MUNICIPAL},
    "registry:provider_create": {GET: EDITORS, POST: EDITORS_WRITE},
    "registry:provider_detail": {GET: RECORD},
    "registry:provider_edit": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:provider_delete": {GET: POST_ONLY_GET, POST: RECORD_EDIT_WRITE},
    "registry:provider_history": {GET: RECORD_HISTORY},
    "registry:unit_list": {GET: MUNICIPAL},
    "registry:unit_create": {GET: EDITORS, POST: EDITORS_WRITE},
    "registry:unit_detail": {GET: RECORD},
    "registry:unit_edit": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:unit_history": {GET: RECORD_HISTORY},
    "registry:contract_list": {GET: MUNICIPAL},
    "registry:contract_create": {GET: EDITORS, POST: EDITORS_WRITE},
    "registry:contract_unit_options": {GET: EDITORS},
    "registry:contract_detail": {GET: RECORD},
    "registry:contract_edit": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:contract_history": {GET: RECORD_HISTORY},
    "registry:contract_document_upload": {GET: POST_ONLY_GET, POST: RECORD_EDIT_WRITE},
    "registry:contract_document_download": {GET: RECORD},
    # ---- provider portal -------------------------------------------------------------------
    "portal:home": {GET: PORTAL},
    # Each provider user edits its own organisation's contact data (there is no pk).
    "portal:provider_edit": {
        GET: PORTAL,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, REDIRECT, LOGIN),
    },
    "portal:unit_detail": {GET: PORTAL_RECORD},
    "portal:unit_edit": {
        GET: PORTAL_RECORD,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, HIDDEN, LOGIN),
    },
    "portal:contract_detail": {GET: PORTAL_RECORD},
    # ---- HTTP API --------------------------------------------------------------------------
    "api-root": {GET: API_READ},
    # The schema and its docs describe the API, not data: public.
    "api-schema": {GET: (OK,) * 9},
    "api-docs": {GET: (OK,) * 9},
    "provider-list": {GET: API_READ, POST: API_CREATE},
    "provider-detail": {
        GET: API_RECORD,
        PATCH: (OK, OK, DENIED, DENIED, DENIED, DENIED, OK, GONE, UNAUTHORIZED),
    },
    "unit-list": {GET: API_READ, POST: API_CREATE},
    "unit-detail": {
        GET: API_RECORD,
        PATCH: (OK, OK, DENIED, DENIED, DENIED, DENIED, OK, GONE, UNAUTHORIZED),
    },
    "contract-list": {GET: API_READ, POST: API_CREATE},
    "contract-detail": {
        GET: API_RECORD,
        PATCH: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, UNAUTHORIZED),
    },
    # ---- reports (insyn.reports) -----------------------------------------------------------
    # Staff without an org unit have no scope for the tertial table; managers read, only
    # controllers and admins write the notes.
    "reports:index": {GET: MUNICIPAL},
    "reports:feedback_table": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN),
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "reports:feedback_table_csv": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)
    },
    "reports:indicator_list": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)},
    "reports:indicator_create": {GET: EDITORS, POST: EDITORS},
    "reports:indicator_value": {
        GET: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
        POST: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
    },
    "reports:kolada_import": {GET: EDITORS, POST: EDITORS},
    "reports:goal_create": {GET: EDITORS, POST: EDITORS},
    "reports:goal_confirm": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, HIDDEN, HIDDEN, HIDDEN, REDIRECT, HIDDEN, HIDDEN, LOGIN),
    },
    "reports:annual_report": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN),
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "reports:annual_report_pdf": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)},
    "reports:annual_report_xlsx": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)
    },
    "reports:council_report": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN),
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "reports:council_report_pdf": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)
    },
    # Report API: the same rules as the pages (no org unit, no scope: 403).
    "report-feedback-list": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED)
    },
    "report-indicator-list": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED)
    },
    "report-annual-list": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED)},
    # ---- public (no login; publication by controllers under /insyn/hantera/) -------------
    "public:start": {GET: (OK,) * 9},
    "public:unit_list": {GET: (OK,) * 9},
    "public:provider_list": {GET: (OK,) * 9},
    "public:year_list": {GET: (OK,) * 9},
    "public:open_data": {GET: (OK,) * 9},
    "public:accessibility": {GET: (OK,) * 9},
    "public:units_csv": {GET: (OK,) * 9},
    "public:units_json": {GET: (OK,) * 9},
    "public:followups_csv": {GET: (OK,) * 9},
    "public:followups_json": {GET: (OK,) * 9},
    "public:contracts_ocds": {GET: (OK,) * 9},
    # The world's unit, provider and year are not published: 404 for everyone, staff too.
    "public:unit_detail": {GET: (GONE,) * 9},
    "public:provider_detail": {GET: (GONE,) * 9},
    "public:year_detail": {GET: (GONE,) * 9},
    "public:manage": {GET: EDITORS},
    "public:unit_publish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:unit_unpublish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:provider_publish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:provider_unpublish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:followup_publish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:followup_unpublish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:year_publish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    "public:year_unpublish": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
}

# Routes that exist but whose line is still to be written. Temporary: empty it, never grow it.
AWAITING_CLASSIFICATION = {
    "accounts:orgunit_create",
    "accounts:orgunit_deactivate",
    "accounts:orgunit_edit",
    "accounts:orgunit_history",
    "accounts:orgunit_list",
    "accounts:password_set",
    "accounts:password_set_done",
    "accounts:user_create",
    "accounts:user_deactivate",
    "accounts:user_edit",
    "accounts:user_history",
    "accounts:user_list",
    "accounts:user_reactivate",
    "accounts:user_send_password_link",
    "api-token",
    "feedback-detail",
    "feedback-list",
    "feedback-transition",
    "feedback:access_log",
    "feedback:alert_handle",
    "feedback:attachment_download",
    "feedback:attachment_upload",
    "feedback:close",
    "feedback:create",
    "feedback:detail",
    "feedback:export",
    "feedback:feedback_given",
    "feedback:forward",
    "feedback:list",
    "feedback:reopen",
    "feedback:rules",
    "feedback:send",
    "feedback:unmasked",
    "feedback_portal:answer",
    "feedback_portal:detail",
    "feedback_portal:list",
    "followup:action_plan_accept",
    "followup:action_plan_return",
    "followup:coverage",
    "followup:deficiency_add",
    "followup:deficiency_detail",
    "followup:deficiency_list",
    "followup:deficiency_remedied",
    "followup:dossier",
    "followup:followup_detail",
    "followup:followup_finish",
    "followup:followup_list",
    "followup:followup_new",
    "followup:followup_return",
    "followup:followup_send",
    "followup:plan_approve",
    "followup:plan_detail",
    "followup:plan_list",
    "followup:plan_row_add",
    "followup:plan_row_edit",
    "followup:plan_row_remove",
    "followup:plan_row_start",
    "followup:report",
    "followup:report_pdf",
    "followup:report_send",
    "followup:risk_flag",
    "followup:strategic_contracts",
    "followup_portal:deficiency",
    "followup_portal:home",
    "followup_portal:report",
    "followup_portal:report_pdf",
    "followup_portal:self_report",
    "followup_portal:self_report_submit",
    "placement:recommend",
    "placement:recommendation_detail",
    "placement:recommendation_list",
    "placement:recommendation_pdf",
    "placement:search",
    "questionnaires:question_add",
    "questionnaires:question_delete",
    "questionnaires:question_edit",
    "questionnaires:template_create",
    "questionnaires:template_detail",
    "questionnaires:template_list",
    "ratings:answer_rates",
    "ratings:placement_create",
    "ratings:placement_detail",
    "ratings:rate",
    "ratings:tasks",
    "ratings_portal:summary",
    "registry:contract_export",
    "registry:import",
    "registry:import_confirm",
    "registry:import_preview",
    "registry:import_template",
    "registry:import_template_csv",
    "registry:provider_export",
    "registry:unit_export",
    "{name}",
}

# Known defects, each with the failing cells; strict, so a fix makes the test say "remove me".
KNOWN_BUGS = {
    ("registry:contract_history", GET): (
        "core.history.history_for unpacks every change as (old, new); the m2m entry for a "
        "contract's units is a dict, so the history page of any contract with units answers 500"
    ),
}


def _report_object(model_name, **fields):
    """An insyn.reports object for routes with a pk (made before the refusal snapshot)."""
    from insyn.reports import models as report_models

    return {"pk": getattr(report_models, model_name).objects.get_or_create(**fields)[0].pk}


# URL arguments that the naming convention (provider_*, unit_*, contract_* → pk) can't give.
ROUTE_KWARGS = {
    "reports:indicator_value": lambda w: _report_object("Indicator", name="Nöjda brukare"),
    "reports:goal_confirm": lambda w: _report_object(
        "Goal", year=2024, level="committee", title="Goda uppväxtvillkor"
    ),
    "registry:contract_document_download": lambda w: {
        "pk": w["contract"].pk,
        "document_pk": w["document"].pk,
    },
    **dict.fromkeys(
        ["public:year_detail", "public:year_publish", "public:year_unpublish"],
        lambda w: {"year": 2025},
    ),
    **dict.fromkeys(
        ["public:followup_publish", "public:followup_unpublish"],
        lambda w: {"pk": _public_followup(w).pk},
    ),
}


def _public_followup(w):
    from insyn.followup.tests.factories import FollowUpFactory

    return FollowUpFactory(unit=w["unit"], status="done")


def _new_provider_data(w):
    return {
        "org_number": org_number_with_check_digit("559900001"),
        "name": "Nya Omsorgen AB",
        "operation_form": "private",
        "active": "on",
    }


def _unit_data(w):
    return {
        "provider": w["provider"].pk,
        "name": "Ändrad verksamhet",
        "category": category().pk,
        "target_gender": "any",
        "places": "10",
        "vacancies": "0",
        "active": "on",
    }


def _contract_data(w):
    return {
        "contract_type": "framework",
        "title": "Ändrat ramavtal",
        "provider": w["provider"].pk,
        "start_date": "2025-01-01",
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
    }


# Form data a browser would send. Valid, so that a missing guard would show as a change.
POST_DATA = {
    "registry:provider_create": _new_provider_data,
    "registry:provider_edit": lambda w: {
        **_new_provider_data(w),
        "org_number": w["provider"].org_number,
    },
    "registry:unit_create": _unit_data,
    "registry:unit_edit": _unit_data,
    "registry:contract_create": _contract_data,
    "registry:contract_edit": _contract_data,
    "registry:contract_document_upload": lambda w: {
        "title": "Bilaga",
        "file": ContentFile(b"%PDF-1.4 test", name="bilaga.pdf"),
    },
    "portal:provider_edit": lambda w: {"phone": "031-00 00 00", "city": "Mölndal"},
    "portal:unit_edit": lambda w: {"vacancies": "0", "focus": "Ändrad inriktning"},
}
PATCH_DATA = {
    "provider-detail": lambda w: {"phone": "031-11 11 11"},
    "unit-detail": lambda w: {"vacancies": 0},
    "contract-detail": lambda w: {"description": "Ändrad beskrivning"},
}


def _walk(resolver, namespaces=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            nested = namespaces + ((entry.namespace,) if entry.namespace else ())
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            yield from _walk(entry, nested)
        elif isinstance(entry, URLPattern) and entry.name:
            params = set(entry.pattern.regex.groupindex)
            if "format" in params:  # DRF's ".json" suffix twins of the same view
                continue
            yield ":".join((*namespaces, entry.name)), params


def all_routes():
    """Route name → its URL parameters, for every named route outside IGNORED_NAMESPACES."""
    routes = {}
    for name, params in _walk(get_resolver()):
        routes.setdefault(name, params)
    return routes


ROUTES = all_routes()


def _cases():
    for route, methods in MATRIX.items():
        for method, row in methods.items():
            assert len(row) == len(ROLES), f"{route} {method}: expected {len(ROLES)} columns"
            for role, expected in zip(ROLES, row, strict=True):
                marks = []
                if (route, method) in KNOWN_BUGS and expected not in REFUSALS:
                    marks.append(pytest.mark.xfail(reason=KNOWN_BUGS[route, method], strict=True))
                yield pytest.param(
                    route, method, role, expected, id=f"{route}-{method}-{role}", marks=marks
                )


def test_every_route_is_in_the_permission_matrix():
    missing = sorted(set(ROUTES) - set(MATRIX) - AWAITING_CLASSIFICATION)
    stale = sorted(set(MATRIX) - set(ROUTES))
    messages = [f"route {name} is not in the permission matrix" for name in missing]
    messages += [f"route {name} is in the permission matrix but no longer exists" for name in stale]
    assert not messages, "\n".join(messages) + "\n(add/remove its line in " + __file__ + ")"


@pytest.fixture
def world(db, settings):
    """Objects of the own organisation, and one user per column of the matrix."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    provider = ProviderFactory(name="Egen Väg HVB AB")
    other = ProviderFactory(name="Annan Omsorg AB")
    unit = UnitFactory(provider=provider, name="Egen Väg Hisingen", places=10, vacancies=2)
    UnitFactory(provider=other, name="Annan Omsorg Majorna")
    contract = ContractFactory(provider=provider, units=[unit])
    document = ContractDocument.objects.create(
        contract=contract, title="Avtal", file=ContentFile(b"%PDF-1.4", name="avtal.pdf")
    )
    users = {
        "admin": UserFactory(admin=True),
        "controller": UserFactory(controller=True),
        "placement_officer": UserFactory(placement_officer=True),
        "case_worker": UserFactory(case_worker=True),
        "coordinator": UserFactory(coordinator=True),
        "manager": UserFactory(manager=True),
        "provider_own": UserFactory(provider_user=True, provider=provider),
        "provider_other": UserFactory(provider_user=True, provider=other),
        "anonymous": None,
    }
    return {
        "provider": provider,
        "unit": unit,
        "contract": contract,
        "document": document,
        "users": users,
    }


def _kwargs(route, world):
    params = ROUTES[route]
    if route in ROUTE_KWARGS:
        return ROUTE_KWARGS[route](world)
    if not params:
        return {}
    subject = route.split(":")[-1].replace("-", "_").split("_")[0]
    if params == {"pk"} and subject in world:
        return {"pk": world[subject].pk}
    pytest.fail(f"route {route} takes {sorted(params)}: say how to build them in ROUTE_KWARGS")


def _snapshot():
    """Every row of our own apps and of the history log, to prove a refusal changed nothing."""
    state = {}
    for model in apps.get_models():
        config = model._meta.app_config
        if config.name.startswith("insyn.") or config.label == "auditlog":
            rows = model._base_manager.order_by("pk").values()
            state[model._meta.label] = [
                {k: v for k, v in row.items() if k != "last_login"} for row in rows
            ]
    return state


def _describe(response):
    location = response.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def _matches(response, expected):
    status = response.status_code
    is_login = status == 302 and urlparse(response["Location"]).path == reverse("login")
    if expected == LOGIN:
        return is_login
    if expected == REDIRECT:
        return status == 302 and not is_login
    if expected == HIDDEN:
        return status in (403, 404)
    return status == expected


@pytest.mark.parametrize(("route", "method", "role", "expected"), list(_cases()))
def test_route_access(client, settings, world, route, method, role, expected):
    settings.AXES_ENABLED = False
    if route not in ROUTES:
        pytest.fail(f"route {route} is in the permission matrix but no longer exists")
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(route, kwargs=_kwargs(route, world))

    before = _snapshot() if expected in REFUSALS else None
    if method == GET:
        response = client.get(url)
    elif method == POST:
        response = client.post(url, POST_DATA.get(route, lambda w: {})(world))
    else:
        response = client.patch(
            url, PATCH_DATA.get(route, lambda w: {})(world), content_type="application/json"
        )

    assert _matches(response, expected), (
        f"{method} {url} as {role}: expected {expected}, got {_describe(response)}"
    )
    if before is not None:
        assert _snapshot() == before, f"{method} {url} as {role} was refused but changed data"


def test_other_providers_records_are_never_readable():
    """The matrix itself must never allow 'other' to read a record of the own organisation."""
    other = ROLES.index("provider_other")
    leaks = [
        route
        for route, methods in MATRIX.items()
        if ROUTES.get(route)
        and methods.get(GET)
        and methods[GET][other] == OK
        and ROUTES[route] & {"pk"}
    ]
    assert leaks == []

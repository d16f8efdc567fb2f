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

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.core.tests.recent_login import log_in_recently
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
PORTAL_RECORD_GONE = (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
EVERY_USER = (OK, OK, OK, OK, OK, OK, OK, OK, LOGIN)
ADMIN_ONLY = (OK, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN)
# The API answers anonymous requests with 401, never a login redirect.
API_READ = (OK, OK, OK, OK, OK, OK, OK, OK, UNAUTHORIZED)
API_RECORD = (OK, OK, OK, OK, OK, OK, OK, GONE, UNAUTHORIZED)
API_POST_ONLY_GET = (NOT_ALLOWED,) * 8 + (UNAUTHORIZED,)
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
    # Everyone sees and revokes only their own API token.
    "api_tokens": {GET: EVERY_USER, POST: (REDIRECT,) * 8 + (LOGIN,)},
    "api-token-mine": {GET: API_READ, POST: (NOT_ALLOWED,) * 8 + (UNAUTHORIZED,)},
    "api-token-revoke": {GET: API_POST_ONLY_GET, POST: (OK,) * 8 + (UNAUTHORIZED,)},
    # ---- register (staff pages) ------------------------------------------------------------
    "registry:provider_list": {GET: MUNICIPAL},
    "registry:provider_create": {GET: EDITORS, POST: EDITORS_WRITE},
    "registry:provider_detail": {GET: RECORD},
    "registry:provider_edit": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:provider_delete": {GET: POST_ONLY_GET, POST: RECORD_EDIT_WRITE},
    "registry:provider_history": {GET: RECORD_HISTORY},
    "registry:unit_list": {GET: MUNICIPAL},
    "registry:unit_create": {GET: EDITORS, POST: EDITORS_WRITE},
    "registry:unit_search": {GET: MUNICIPAL},
    "registry:provider_search": {GET: MUNICIPAL},
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
    # The committees' parts: whoever changes the contract, for a contract of a committee
    # their membership covers (the world's contract has none: central controllers and admins).
    "registry:contract_part_add": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:contract_part_edit": {GET: RECORD_EDIT, POST: RECORD_EDIT_WRITE},
    "registry:contract_part_remove": {GET: POST_ONLY_GET, POST: RECORD_EDIT_WRITE},
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
    # The schema and its docs describe the API, not data; public only with API_SCHEMA_PUBLIC,
    # which is off in production (and here).
    "api-schema": {GET: (OK,) * 8 + (UNAUTHORIZED,)},
    "api-docs": {GET: (OK,) * 8 + (LOGIN,)},
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
    # Permission first, then the (here empty) list of parts is refused as invalid.
    "contract-parts": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, UNAUTHORIZED),
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
    "reports:indicator_csv": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)},
    "reports:indicator_create": {GET: EDITORS, POST: EDITORS},
    "reports:indicator_edit": {
        GET: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
        POST: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
    },
    "reports:indicator_value": {
        GET: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
        POST: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
    },
    "reports:kolada_import": {GET: EDITORS, POST: EDITORS},
    "reports:goal_create": {GET: EDITORS, POST: EDITORS},
    # The goal chain: managers (the committee) read it; controllers and admins edit.
    "reports:goal_list": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)},
    "reports:goal_copy": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    **dict.fromkeys(
        ["reports:goal_edit", "reports:goal_activity_create", "reports:goal_activity_edit"],
        {
            GET: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
            POST: (OK, OK, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
        },
    ),
    # Goal status: the committee (its manager) confirms; controllers and admins propose.
    "reports:goal_confirm": {
        GET: POST_ONLY_GET,
        POST: (DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN, REDIRECT, HIDDEN, HIDDEN, LOGIN),
    },
    "reports:goal_propose": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN, LOGIN),
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
    # ---- reports: own/private comparison (issue 15) ------------------------------------------
    # Controllers, managers and admins of the committees their memberships cover (these
    # users' memberships are central: every committee and the whole municipality).
    "reports:regi_comparison": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, LOGIN)},
    "reports:regi_comparison_xlsx": {
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
    "report-goals-list": {GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED)},
    "report-council-list": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED)
    },
    # ---- accounts ------------------------------------------------------------------------
    "accounts:orgunit_create": {GET: ADMIN_ONLY},
    "accounts:orgunit_deactivate": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "accounts:orgunit_edit": {GET: ADMIN_ONLY},
    "accounts:orgunit_history": {GET: ADMIN_ONLY},
    "accounts:orgunit_list": {GET: ADMIN_ONLY},
    "accounts:password_set": {GET: (OK, OK, OK, OK, OK, OK, OK, OK, OK)},
    "accounts:password_set_done": {GET: (OK, OK, OK, OK, OK, OK, OK, OK, OK)},
    "accounts:user_create": {GET: ADMIN_ONLY},
    "accounts:user_deactivate": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "accounts:user_edit": {GET: ADMIN_ONLY},
    "accounts:user_history": {GET: ADMIN_ONLY},
    "accounts:user_activity": {GET: ADMIN_ONLY},
    "accounts:user_memberships": {GET: ADMIN_ONLY},
    "accounts:user_membership_remove": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    # Memberships: an administrator reads all, a municipal user their own, providers none.
    "membership-list": {GET: API_READ},
    "membership-detail": {GET: (OK, GONE, GONE, GONE, GONE, GONE, GONE, GONE, UNAUTHORIZED)},
    "accounts:user_list": {GET: ADMIN_ONLY},
    "accounts:user_reactivate": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "accounts:user_send_password_link": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    # ---- api -----------------------------------------------------------------------------
    "action-plan-accept": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, UNAUTHORIZED),
    },
    "action-plan-detail": {GET: API_RECORD},
    "action-plan-list": {
        GET: API_READ,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "action-plan-send-back": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, UNAUTHORIZED),
    },
    "api-token": {
        GET: (
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
            NOT_ALLOWED,
        ),
        POST: (INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID),
    },
    "deficiency-action-plan": {
        GET: API_POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, INVALID, GONE, UNAUTHORIZED),
    },
    "deficiency-detail": {GET: API_RECORD},
    "deficiency-list": {
        GET: API_READ,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    # Placement officer: 404, no feedback text (issue 12 item 3).
    "feedback-detail": {GET: (OK, OK, GONE, GONE, GONE, OK, OK, GONE, UNAUTHORIZED)},
    "feedback-list": {
        GET: API_READ,
        POST: (INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, DENIED, DENIED, UNAUTHORIZED),
    },
    # Counts of what the user may count but not read (OSL 26 kap.): municipal staff only
    # (those who read everything get an empty list), never a provider.
    "feedback-counts": {
        GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED),
        POST: (NOT_ALLOWED,) * 8 + (UNAUTHORIZED,),
    },
    "feedback-transition": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, GONE, GONE, GONE, INVALID, INVALID, GONE, UNAUTHORIZED),
    },
    "followup-answer-detail": {GET: API_RECORD},
    "followup-answer-list": {
        GET: API_READ,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "followup-detail": {GET: API_RECORD},
    # On a self-report sent to the own provider: controllers may write (the empty body is
    # refused), the provider answers and submits it.
    "followup-answers": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, INVALID, GONE, UNAUTHORIZED),
    },
    "followup-submit": {
        GET: API_POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, UNAUTHORIZED),
    },
    "followup-list": {
        GET: API_READ,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    # Committees' judgements of strategic contracts: staff read them; creating is checked
    # per committee (a manager of it); empty data is refused as invalid first.
    "strategic-judgement-list": {
        GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED),
        POST: (INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, DENIED, DENIED, UNAUTHORIZED),
    },
    "strategic-judgement-detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, UNAUTHORIZED)},
    # Goals: staff who read reports list them; a controller proposes, the manager confirms.
    "goal-list": {
        GET: (OK, OK, DENIED, DENIED, DENIED, OK, DENIED, DENIED, UNAUTHORIZED),
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "goal-detail": {GET: (OK, OK, GONE, GONE, GONE, OK, GONE, GONE, UNAUTHORIZED)},
    "goal-confirm": {
        GET: API_POST_ONLY_GET,
        POST: (DENIED, DENIED, GONE, GONE, GONE, INVALID, GONE, GONE, UNAUTHORIZED),
    },
    "goal-propose": {
        GET: API_POST_ONLY_GET,
        POST: (INVALID, INVALID, GONE, GONE, GONE, DENIED, GONE, GONE, UNAUTHORIZED),
    },
    # Only the committee decides its plan: a manager covering it, or a recorded delegate.
    "followup-plan-approve": {
        GET: API_POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, GONE, UNAUTHORIZED),
    },
    "followup-plan-detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, UNAUTHORIZED)},
    "followup-plan-list": {
        GET: API_READ,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "placement-detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, UNAUTHORIZED)},
    "placement-list": {
        GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED),
        POST: (INVALID, INVALID, INVALID, INVALID, INVALID, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "placement-rating": {
        GET: API_POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, INVALID, DENIED, DENIED, GONE, GONE, UNAUTHORIZED),
    },
    "rating-questionnaire-detail": {GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED)},
    "rating-questionnaire-list": {GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED)},
    "recommendation-detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, UNAUTHORIZED)},
    "recommendation-list": {
        GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED),
        POST: (INVALID, INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED),
    },
    "recommendation-search": {
        GET: (INVALID, INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED)
    },
    # The units a search leaves out for a missing IVO permit: the same need, the same rights.
    "recommendation-search-without-permit": {
        GET: (INVALID, INVALID, INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, UNAUTHORIZED)
    },
    "unit-rating-detail": {GET: API_RECORD},
    "unit-rating-list": {GET: API_READ},
    # ---- feedback ------------------------------------------------------------------------
    # The placement officer reads no item (404 on every item page and API record): counts,
    # categories and statuses only (issue 12 item 3, feedback.queries.counts_for).
    "feedback:access_log": {GET: ADMIN_ONLY},
    "feedback:alert_handle": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, GONE, GONE, GONE, GONE, GONE, GONE, LOGIN),
    },
    "feedback:attachment_download": {GET: (OK, OK, GONE, GONE, GONE, DENIED, GONE, GONE, LOGIN)},
    "feedback:attachment_upload": {
        GET: POST_ONLY_GET,
        POST: (INVALID, INVALID, GONE, GONE, GONE, DENIED, GONE, GONE, LOGIN),
    },
    "feedback:close": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, GONE, GONE, GONE, REDIRECT, GONE, GONE, LOGIN),
    },
    "feedback:create": {GET: MUNICIPAL},
    "feedback:detail": {GET: (OK, OK, GONE, GONE, GONE, OK, GONE, GONE, LOGIN)},
    "feedback:export": {GET: MUNICIPAL},
    "feedback:feedback_given": {
        GET: POST_ONLY_GET,
        POST: (INVALID, INVALID, GONE, GONE, GONE, INVALID, GONE, GONE, LOGIN),
    },
    "feedback:forward": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, GONE, GONE, GONE, DENIED, GONE, GONE, LOGIN),
    },
    "feedback:history": {GET: (OK, OK, GONE, GONE, GONE, OK, GONE, GONE, LOGIN)},
    "feedback:list": {GET: MUNICIPAL},
    "feedback:reopen": {
        GET: POST_ONLY_GET,
        POST: (INVALID, INVALID, GONE, GONE, GONE, INVALID, GONE, GONE, LOGIN),
    },
    "feedback:rules": {GET: MUNICIPAL},
    "feedback:send": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, GONE, GONE, GONE, REDIRECT, GONE, GONE, LOGIN),
    },
    "feedback:unmasked": {
        GET: POST_ONLY_GET,
        POST: (OK, OK, GONE, GONE, GONE, DENIED, GONE, GONE, LOGIN),
    },
    # ---- feedback_portal -----------------------------------------------------------------
    "feedback_portal:answer": {
        GET: POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, INVALID, GONE, LOGIN),
    },
    "feedback_portal:detail": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "feedback_portal:list": {GET: PORTAL},
    # ---- followup ------------------------------------------------------------------------
    "followup:action_plan_accept": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:action_plan_return": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:coverage": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:deficiency_add": {GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN)},
    "followup:deficiency_detail": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:deficiency_history": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:deficiency_list": {GET: MUNICIPAL},
    "followup:deficiency_edit": {
        GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:deficiency_remedied": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:dossier": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:followup_detail": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    # An answer's attachment: staff through the follow-up, the provider through the portal.
    "followup:answer_file": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    # GET shows what finishing will register; POST confirms it (a submitted self-report).
    "followup:followup_finish": {
        GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:followup_history": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:followup_list": {GET: MUNICIPAL},
    "followup:followup_new": {GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN)},
    "followup:followup_return": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:followup_send": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:plan_approve": {
        GET: POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, GONE, GONE, LOGIN),
    },
    "followup:plan_detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "followup:plan_history": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "followup:plan_list": {GET: MUNICIPAL},
    "followup:plan_row_add": {GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN)},
    "followup:plan_row_edit": {GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN)},
    "followup:plan_row_remove": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN),
    },
    "followup:plan_row_start": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN),
    },
    "followup:report": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:report_pdf": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "followup:report_send": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:risk_flag": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "followup:strategic_contracts": {GET: MUNICIPAL},
    # The committee's judgement: the world's contract has no committee part, so every
    # municipal user is refused (the own/other committee cases: test_permission_scope_matrix).
    "followup:strategic_judge": {
        GET: POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN, LOGIN),
    },
    # ---- followup_portal -----------------------------------------------------------------
    "followup_portal:deficiency": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "followup_portal:home": {GET: PORTAL},
    # A report the municipality has sent: its provider reads it, nobody else.
    "followup_portal:report": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "followup_portal:report_pdf": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "followup_portal:answer_file": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "followup_portal:self_report": {
        GET: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, GONE, LOGIN)
    },
    "followup_portal:self_report_submit": {
        GET: POST_ONLY_GET,
        POST: (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, GONE, LOGIN),
    },
    # ---- placement -----------------------------------------------------------------------
    "placement:recommend": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "placement:recommendation_detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "placement:recommendation_list": {GET: MUNICIPAL},
    "placement:recommendation_pdf": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "placement:search": {GET: (OK, OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN)},
    # ---- questionnaires ------------------------------------------------------------------
    "questionnaires:question_add": {
        GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN)
    },
    "questionnaires:question_delete": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN),
    },
    "questionnaires:question_edit": {
        GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN)
    },
    "questionnaires:template_create": {GET: EDITORS},
    "questionnaires:template_detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "questionnaires:template_list": {GET: MUNICIPAL},
    # ---- ratings -------------------------------------------------------------------------
    "ratings:answer_rates": {GET: (OK, OK, DENIED, DENIED, OK, OK, DENIED, DENIED, LOGIN)},
    "ratings:placement_create": {GET: (OK, OK, OK, OK, OK, DENIED, DENIED, DENIED, LOGIN)},
    "ratings:placement_detail": {GET: (OK, OK, OK, OK, OK, OK, GONE, GONE, LOGIN)},
    "ratings:rate": {GET: (DENIED, DENIED, DENIED, OK, DENIED, DENIED, GONE, GONE, LOGIN)},
    # A coordinator acts only on their own district's placements (this one has no district).
    "ratings:placement_end": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, REDIRECT, REDIRECT, REDIRECT, DENIED, DENIED, GONE, GONE, LOGIN),
    },
    "ratings:tasks": {GET: MUNICIPAL},
    # ---- ratings_portal ------------------------------------------------------------------
    "ratings_portal:summary": {GET: PORTAL},
    # ---- registry ------------------------------------------------------------------------
    "registry:contract_export": {GET: MUNICIPAL},
    "registry:import": {GET: EDITORS},
    "registry:import_confirm": {
        GET: POST_ONLY_GET,
        POST: (GONE, REDIRECT, GONE, GONE, GONE, GONE, GONE, GONE, LOGIN),
    },
    "registry:import_preview": {GET: (GONE, OK, GONE, GONE, GONE, GONE, GONE, GONE, LOGIN)},
    "registry:import_template": {GET: EDITORS},
    "registry:import_template_csv": {GET: EDITORS},
    "registry:provider_export": {GET: MUNICIPAL},
    "registry:unit_export": {GET: MUNICIPAL},
    # ---- suppliers (leverantörskontroll: municipal staff only, never a provider) ----------
    "suppliers:provider_checks": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "suppliers:register_import": {GET: EDITORS, POST: EDITORS},
    # Annual reports in bulk: the empty upload answers with the form (files missing); the
    # confirm without a valid token sends the editor back to the upload, nothing stored.
    "suppliers:report_import": {GET: EDITORS, POST: EDITORS},
    "suppliers:report_import_confirm": {GET: POST_ONLY_GET, POST: EDITORS_WRITE},
    # The provider sends in its own annual report (no object in the URL: its own organisation).
    "suppliers_portal:report_upload": {GET: PORTAL, POST: PORTAL},
    # API: municipal staff read; a provider user is refused (403), never another's rows.
    "supplier-check-list": {GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED)},
    "supplier-check-detail": {GET: (OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, UNAUTHORIZED)},
    "annual-report-list": {GET: (OK, OK, OK, OK, OK, OK, DENIED, DENIED, UNAUTHORIZED)},
    "annual-report-detail": {GET: (OK, OK, OK, OK, OK, OK, HIDDEN, HIDDEN, UNAUTHORIZED)},
    **dict.fromkeys(
        [
            "suppliers:provider_organised_crime",
            "suppliers:provider_not_applicable",
            "suppliers:provider_report_upload",
            "suppliers:provider_manual_figures",
        ],
        {
            #     adm ctrl place   case    coord   mgr     own     other anon
            GET: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
            POST: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
        },
    ),
    # ---- suppliers: provider documents (issue 13 item 7) ----------------------------------
    # Staff pages: municipal staff read, register editors upload and remove (the first POST
    # of a removal answers with the confirm page); another provider never learns they exist.
    "suppliers:provider_documents": {
        GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN),
        POST: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    "suppliers:provider_document_download": {GET: (OK, OK, OK, OK, OK, OK, DENIED, GONE, LOGIN)},
    "suppliers:provider_document_remove": {
        GET: POST_ONLY_GET,
        POST: (OK, OK, DENIED, DENIED, DENIED, DENIED, DENIED, GONE, LOGIN),
    },
    # The portal: each provider's users their own organisation's documents only.
    "suppliers_portal:documents": {GET: PORTAL, POST: PORTAL},
    "suppliers_portal:document_download": {GET: PORTAL_RECORD_GONE},
    "suppliers_portal:document_remove": {GET: POST_ONLY_GET, POST: PORTAL_RECORD_GONE},
    # API: municipal staff all, a provider's users their own; another's is 404.
    "provider-document-list": {GET: API_READ},
    "provider-document-detail": {GET: API_RECORD},
    "provider-document-download": {GET: API_RECORD},
    # ---- suppliers: red-flag alerts (issue 13) --------------------------------------------
    # One click from a red flag adds a follow-up of one of the provider's units: the first
    # POST answers with the confirm page; only those who start follow-ups get that far.
    "followup:red_flag_followup": {
        GET: POST_ONLY_GET,
        POST: (OK, OK, DENIED, DENIED, DENIED, DENIED, GONE, GONE, LOGIN),
    },
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
    # ---- notifications: everyone's own list; a notification is only its receiver's -------
    "notifications:list": {GET: EVERY_USER},
    "notifications:unread": {GET: EVERY_USER},
    "notifications:preferences": {GET: EVERY_USER, POST: (INVALID,) * 8 + (LOGIN,)},
    "notifications:mark_all_read": {GET: POST_ONLY_GET, POST: (REDIRECT,) * 8 + (LOGIN,)},
    # The world's notification is the own provider user's: 404 for anybody else.
    "notifications:open": {GET: (GONE,) * 6 + (REDIRECT, GONE, LOGIN)},
    "notifications:mark_read": {
        GET: POST_ONLY_GET,
        POST: (GONE,) * 6 + (REDIRECT, GONE, LOGIN),
    },
    "notifications:calendar": {GET: EVERY_USER},
    "notifications:calendar_renew": {GET: POST_ONLY_GET, POST: (REDIRECT,) * 8 + (LOGIN,)},
    # The feed has no login: the secret is the address; a wrong one is 404 for everybody.
    "notifications:calendar_feed": {GET: (GONE,) * 9},
    # ---- notifications: the administrator's outbox (issue 14) ---------------------------
    "notifications:outbox": {GET: ADMIN_ONLY},
    # The first POST answers the "Skicka igen?" page (200); only the administrator gets it.
    "notifications:outbox_resend": {GET: POST_ONLY_GET, POST: ADMIN_ONLY},
    "notification-list": {GET: API_READ},
    "notification-detail": {GET: (GONE,) * 6 + (OK, GONE, UNAUTHORIZED)},
    "notification-read": {
        GET: API_POST_ONLY_GET,
        POST: (GONE,) * 6 + (OK, GONE, UNAUTHORIZED),
    },
    # --- Generated documents (core.documents): a finished annual-report PDF the controller
    # ordered. Only the one who ordered it; for everyone else it does not exist.
    **dict.fromkeys(
        ["document_detail", "document_status", "document_download"],
        {GET: (GONE, OK, GONE, GONE, GONE, GONE, GONE, GONE, LOGIN)},
    ),
    # ---- sign-in (django-allauth, issue 12 item 4) ---------------------------------------
    # The same login page under allauth's name; the blocked-account and SSO error pages are
    # plain information, open to all. The SSO endpoints of a provider that is not configured
    # (the matrix has none) are gone for everybody.
    "account_login": {GET: (REDIRECT,) * 8 + (OK,)},
    "account_inactive": {GET: (OK,) * 9},
    "socialaccount_login_cancelled": {GET: (OK,) * 9},
    # allauth answers its SSO error page with 401.
    "socialaccount_login_error": {GET: (UNAUTHORIZED,) * 9},
    "openid_connect_login": {GET: (GONE,) * 9, POST: (GONE,) * 9},
    "openid_connect_callback": {GET: (GONE,) * 9},
    "saml_login": {GET: (GONE,) * 9},
    # The assertion consumer hands over to …/finish/ (which is gone) before it looks.
    "saml_acs": {GET: (REDIRECT,) * 9, POST: (REDIRECT,) * 9},
    "saml_finish_acs": {GET: (GONE,) * 9},
    "saml_sls": {GET: (GONE,) * 9},
    "saml_metadata": {GET: (GONE,) * 9},
    # The group mapping for sign-on is kept by administrators only (an empty form is 400).
    "accounts:groupmapping_list": {
        GET: ADMIN_ONLY,
        POST: (INVALID, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    "accounts:groupmapping_delete": {
        GET: POST_ONLY_GET,
        POST: (REDIRECT, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, LOGIN),
    },
    # ---- MFA and re-authentication (allauth.mfa, issue 12 item 5) --------------------------
    # Every user manages their own second factors; nobody reaches another's (their keys are
    # looked up among the user's own: someone else's key is 404). Users here have no second
    # factor, so the pages that need one send them on. The login's second step exists only
    # inside a login (none in progress: a signed-in user goes to the start page).
    "account_reauthenticate": {GET: EVERY_USER, POST: (OK,) * 8 + (LOGIN,)},
    "mfa_index": {GET: EVERY_USER},
    "mfa_authenticate": {GET: (REDIRECT,) * 8 + (LOGIN,), POST: (REDIRECT,) * 8 + (LOGIN,)},
    "mfa_reauthenticate": {GET: (REDIRECT,) * 8 + (LOGIN,)},
    "mfa_activate_totp": {GET: EVERY_USER, POST: (OK,) * 8 + (LOGIN,)},
    "mfa_deactivate_totp": {GET: (GONE,) * 8 + (LOGIN,), POST: (GONE,) * 8 + (LOGIN,)},
    "mfa_view_recovery_codes": {GET: (GONE,) * 8 + (LOGIN,)},
    # Without an app or key the form refuses to make codes (shown again with the reason).
    "mfa_generate_recovery_codes": {GET: EVERY_USER, POST: (OK,) * 8 + (LOGIN,)},
    "mfa_download_recovery_codes": {GET: (GONE,) * 8 + (LOGIN,)},
    "mfa_list_webauthn": {GET: EVERY_USER},
    "mfa_add_webauthn": {GET: EVERY_USER, POST: (OK,) * 8 + (LOGIN,)},
    "mfa_reauthenticate_webauthn": {GET: (REDIRECT,) * 8 + (LOGIN,)},
    "mfa_edit_webauthn": {GET: (GONE,) * 8 + (LOGIN,), POST: (GONE,) * 8 + (LOGIN,)},
    "mfa_remove_webauthn": {GET: (GONE,) * 8 + (LOGIN,), POST: (GONE,) * 8 + (LOGIN,)},
}

# Routes that exist but whose line is still to be written. Temporary: empty it, never grow it.
AWAITING_CLASSIFICATION: set[str] = set()

# Known defects, each with the failing cells; strict, so a fix makes the test say "remove me".
# Routes whose expected answer is known to be wrong: (route, method) -> reason (strict xfail).
KNOWN_BUGS: dict = {}


def _report_object(model_name, **fields):
    """An insyn.reports object for routes with a pk (made before the refusal snapshot)."""
    from insyn.reports import models as report_models

    return {"pk": getattr(report_models, model_name).objects.get_or_create(**fields)[0].pk}


def _strategic_judgement(w):
    from insyn.followup.models import StrategicJudgement

    judgement = StrategicJudgement.objects.get_or_create(
        contract=w["contract"], strategic=True, defaults={"reason": "Enda HVB i stadsdelen."}
    )[0]
    return {"pk": judgement.pk}


def _goal_activity():
    import datetime as dt

    goal = _report_object("Goal", year=2024, level="committee", title="Goda uppväxtvillkor")["pk"]
    activity = _report_object(
        "GoalActivity",
        goal_id=goal,
        text="Utveckla träningslägenheter",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
    )
    return {"pk": goal, "activity_pk": activity["pk"]}


def _supplier_object(model_name, w, **fields):
    """A supplier check or annual report of the own organisation (insyn.suppliers)."""
    from insyn.suppliers import models as supplier_models

    return getattr(supplier_models, model_name).objects.create(provider=w["provider"], **fields)


def _someones_key(w):
    """A security key of the colleague: nobody else may rename or remove it."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.get_or_create(
        user=w["colleague"], type=Authenticator.Type.WEBAUTHN, data={"name": "Kollegans nyckel"}
    )[0]


def _extra_membership(w):
    """A membership of the colleague beyond the primary one (removable by an admin)."""
    from insyn.accounts.models import Membership

    return Membership.objects.get_or_create(
        user=w["colleague"], role="coordinator", org_unit=w["district"]
    )[0]


def _contract_with_committee(w):
    """The contract's pk, once the committee the POST adds a part for exists (made here,
    before the refusal snapshot, not in the POST data after it)."""
    assert w["committee"].pk
    return {"pk": w["contract"].pk}


# URL arguments that the naming convention (provider_*, unit_*, contract_* → pk) can't give.
def _group_mapping():
    from insyn.accounts.models import GroupMapping

    return GroupMapping.objects.get_or_create(idp_group="insyn-handlaggare", role="case_worker")[0]


ROUTE_KWARGS = {
    "reports:indicator_value": lambda w: _report_object("Indicator", name="Nöjda brukare"),
    "reports:indicator_edit": lambda w: _report_object("Indicator", name="Nöjda brukare"),
    **dict.fromkeys(
        [
            "reports:goal_confirm",
            "reports:goal_propose",
            "goal-detail",
            "goal-confirm",
            "goal-propose",
            "reports:goal_edit",
            "reports:goal_activity_create",
        ],
        lambda w: _report_object("Goal", year=2024, level="committee", title="Goda uppväxtvillkor"),
    ),
    "reports:goal_activity_edit": lambda w: _goal_activity(),
    "followup:strategic_judge": lambda w: {"pk": w["contract"].pk},
    "registry:contract_part_add": lambda w: _contract_with_committee(w),
    **dict.fromkeys(
        ["registry:contract_part_edit", "registry:contract_part_remove"],
        lambda w: {"pk": w["contract"].pk, "part_pk": w["contract_part"].pk},
    ),
    "strategic-judgement-detail": lambda w: _strategic_judgement(w),
    "registry:contract_document_download": lambda w: {
        "pk": w["contract"].pk,
        "document_pk": w["document"].pk,
    },
    **dict.fromkeys(
        ["followup:answer_file", "followup_portal:answer_file"],
        lambda w: {"pk": w["answer_file"].followup_id, "answer_pk": w["answer_file"].pk},
    ),
    "feedback:attachment_download": lambda w: {
        "pk": w["feedback"].pk,
        "attachment_pk": w["attachment"].pk,
    },
    **dict.fromkeys(
        ["suppliers:provider_document_download", "suppliers:provider_document_remove"],
        lambda w: {"pk": w["provider"].pk, "document_pk": w["provider_document"].pk},
    ),
    **dict.fromkeys(
        ["suppliers_portal:document_download", "suppliers_portal:document_remove"],
        lambda w: {"document_pk": w["provider_document"].pk},
    ),
    "followup:red_flag_followup": lambda w: {
        "pk": _supplier_object(
            "RedFlagAlert", w, kind="company_status", summary="Konkurs", raised_on=dt.date.today()
        ).pk,
        "unit_pk": w["unit"].pk,
    },
    "accounts:password_set": lambda w: {"uidb64": "MQ", "token": "ogiltig-token"},
    "accounts:groupmapping_delete": lambda w: {"pk": _group_mapping().pk},
    **dict.fromkeys(
        ["openid_connect_login", "openid_connect_callback"],
        lambda w: {"provider_id": "kommunen"},
    ),
    **dict.fromkeys(
        ["saml_login", "saml_acs", "saml_finish_acs", "saml_sls", "saml_metadata"],
        lambda w: {"organization_slug": "kommunen"},
    ),
    "notifications:calendar_feed": lambda w: {"token": "fel-hemlighet"},
    **dict.fromkeys(
        ["mfa_edit_webauthn", "mfa_remove_webauthn"], lambda w: {"pk": _someones_key(w).pk}
    ),
    "accounts:user_membership_remove": lambda w: {
        "pk": w["colleague"].pk,
        "membership_pk": _extra_membership(w).pk,
    },
    "membership-detail": lambda w: {"pk": _extra_membership(w).pk},
    **dict.fromkeys(
        ["public:year_detail", "public:year_publish", "public:year_unpublish"],
        lambda w: {"year": 2025},
    ),
}
# Routes whose only argument is the pk of the named object (see BUILDERS).
ROUTE_OBJECT = {
    **dict.fromkeys(
        [
            "accounts:user_edit",
            "accounts:user_deactivate",
            "accounts:user_reactivate",
            "accounts:user_send_password_link",
            "accounts:user_history",
            "accounts:user_activity",
            "accounts:user_memberships",
        ],
        "colleague",
    ),
    **dict.fromkeys(
        ["accounts:orgunit_edit", "accounts:orgunit_deactivate", "accounts:orgunit_history"],
        "district",
    ),
    **dict.fromkeys(["questionnaires:template_detail", "questionnaires:question_add"], "template"),
    **dict.fromkeys(["questionnaires:question_edit", "questionnaires:question_delete"], "question"),
    **dict.fromkeys(
        [
            "followup:plan_detail",
            "followup:plan_history",
            "followup:plan_approve",
            "followup:plan_row_add",
            "followup-plan-detail",
            "followup-plan-approve",
        ],
        "plan",
    ),
    **dict.fromkeys(
        ["followup:plan_row_edit", "followup:plan_row_remove", "followup:plan_row_start"],
        "plan_row",
    ),
    **dict.fromkeys(
        ["followup:dossier", "followup:followup_new", "followup:risk_flag", "unit-rating-detail"],
        "unit",
    ),
    **dict.fromkeys(
        [
            "followup:followup_detail",
            "followup:followup_history",
            "followup:followup_send",
            "followup:followup_return",
            "followup:deficiency_add",
            "followup:report",
            "followup:report_pdf",
            "followup:report_send",
            "followup-detail",
            "public:followup_publish",
            "public:followup_unpublish",
        ],
        "followup",
    ),
    **dict.fromkeys(
        [
            "followup_portal:self_report",
            "followup_portal:self_report_submit",
            "followup-answers",
            "followup-submit",
        ],
        "self_report",
    ),
    "followup:followup_finish": "submitted_report",
    "followup-answer-detail": "answer",
    **dict.fromkeys(["followup_portal:report", "followup_portal:report_pdf"], "sent_report"),
    **dict.fromkeys(
        [
            "followup:deficiency_detail",
            "followup:deficiency_edit",
            "followup:deficiency_history",
            "followup:deficiency_remedied",
            "followup_portal:deficiency",
            "deficiency-detail",
            "deficiency-action-plan",
        ],
        "deficiency",
    ),
    **dict.fromkeys(
        [
            "followup:action_plan_accept",
            "followup:action_plan_return",
            "action-plan-detail",
            "action-plan-accept",
            "action-plan-send-back",
        ],
        "action_plan",
    ),
    "followup:coverage": "contract",
    **dict.fromkeys(
        [
            "feedback:detail",
            "feedback:history",
            "feedback:unmasked",
            "feedback:send",
            "feedback:feedback_given",
            "feedback:close",
            "feedback:reopen",
            "feedback:forward",
            "feedback:attachment_upload",
            "feedback_portal:detail",
            "feedback_portal:answer",
            "feedback-detail",
            "feedback-transition",
        ],
        "feedback",
    ),
    "feedback:alert_handle": "alert",
    "supplier-check-detail": "supplier_check",
    "annual-report-detail": "annual_report",
    **dict.fromkeys(
        ["provider-document-detail", "provider-document-download"], "provider_document"
    ),
    **dict.fromkeys(
        [
            "placement:recommendation_detail",
            "placement:recommendation_pdf",
            "recommendation-detail",
        ],
        "recommendation",
    ),
    **dict.fromkeys(
        [
            "ratings:placement_detail",
            "ratings:rate",
            "ratings:placement_end",
            "placement-detail",
            "placement-rating",
        ],
        "placement",
    ),
    "rating-questionnaire-detail": "rating_questionnaire",
    **dict.fromkeys(
        [
            "notifications:open",
            "notifications:mark_read",
            "notification-detail",
            "notification-read",
        ],
        "notification",
    ),
    "notifications:outbox_resend": "outgoing_mail",
    **dict.fromkeys(["registry:import_preview", "registry:import_confirm"], "import_batch"),
    **dict.fromkeys(
        ["document_detail", "document_status", "document_download"], "generated_document"
    ),
}


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
# Steps that ask first (insyn.core.confirm): the matrix posts the confirming POST.
ASK_FIRST = {
    "registry:contract_part_remove",
    "followup:plan_approve",
    "followup:plan_row_start",
    "followup:report_send",
    "public:unit_publish",
    "public:provider_publish",
    "public:followup_publish",
    "public:year_publish",
}
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
    "registry:contract_part_add": lambda w: {"committee": w["committee"].pk, "part": "HVB"},
    "registry:contract_part_edit": lambda w: {"part": "Ändrad del"},
    "registry:contract_document_upload": lambda w: {
        "title": "Bilaga",
        "file": ContentFile(b"%PDF-1.4 test", name="bilaga.pdf"),
    },
    "portal:provider_edit": lambda w: {"phone": "031-00 00 00", "city": "Mölndal"},
    "portal:unit_edit": lambda w: {"vacancies": "0", "focus": "Ändrad inriktning"},
    "ratings:placement_end": lambda w: {"end_date": "2030-01-01"},
    "followup:followup_finish": lambda w: {"version": w["submitted_report"].version, "seen": ""},
    "followup:deficiency_edit": lambda w: {
        "severity": "high",
        "description": "Rättad beskrivning",
        "required_action": "Upprätta genomförandeplaner.",
        "deadline": "2099-01-31",
    },
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


def _followup(w, **kwargs):
    from insyn.followup.constants import FollowUpStatus
    from insyn.followup.tests.factories import FollowUpFactory

    return FollowUpFactory(unit=w["unit"], **{"status": FollowUpStatus.DONE, **kwargs})


def _sent_report(w):
    from insyn.followup.models import ReportDispatch

    followup = _followup(w)
    ReportDispatch.objects.create(followup=followup, sent_by=w["users"]["controller"])
    return followup


def _self_report(w):
    from insyn.followup.constants import FollowUpStatus
    from insyn.questionnaires.constants import Method
    from insyn.questionnaires.tests.factories import TemplateFactory

    template = TemplateFactory(method=Method.SELF_REPORT)
    return _followup(w, template=template, method=Method.SELF_REPORT, status=FollowUpStatus.SENT)


def _submitted_report(w):
    from insyn.followup.constants import FollowUpStatus
    from insyn.questionnaires.constants import Method
    from insyn.questionnaires.tests.factories import TemplateFactory

    template = TemplateFactory(method=Method.SELF_REPORT)
    return _followup(
        w, template=template, method=Method.SELF_REPORT, status=FollowUpStatus.SUBMITTED
    )


def _deficiency(w):
    from insyn.followup.tests.factories import DeficiencyFactory

    return DeficiencyFactory(followup=w["followup"], unit=w["unit"])


def _action_plan(w):
    from insyn.followup.models import ActionPlan

    return ActionPlan.objects.create(
        deficiency=w["deficiency"],
        measures="Genomförandeplaner upprättas.",
        responsible_person="Eva Ek",
        due_date=dt.date(2026, 5, 1),
    )


def _feedback(w):
    from insyn.feedback.constants import Status
    from insyn.feedback.tests.factories import FeedbackItemFactory

    # Sent to the provider, so its own users may see it.
    return FeedbackItemFactory(unit=w["unit"], status=Status.SENT)


def _attachment(w):
    from insyn.feedback.models import FeedbackAttachment

    return FeedbackAttachment.objects.create(
        item=w["feedback"], file=ContentFile(b"%PDF-1.4", name="bilaga.pdf"), name="bilaga.pdf"
    )


def _alert(w):
    from insyn.feedback.constants import AlertRule
    from insyn.feedback.models import EscalationAlert

    return EscalationAlert.objects.create(
        rule=AlertRule.SERIOUS, unit=w["unit"], provider=w["provider"], item=w["feedback"]
    )


def _recommendation(w):
    from insyn.placement.models import Recommendation

    return Recommendation.objects.create(
        created_by=w["users"]["placement_officer"],
        case_worker=w["users"]["case_worker"],
        category=category(),
        start_date=dt.date(2026, 6, 1),
    )


def _placement(w):
    from insyn.ratings.tests.factories import PlacementFactory

    return PlacementFactory(unit=w["unit"], case_worker=w["users"]["case_worker"])


def _question(w):
    from insyn.questionnaires.tests.factories import QuestionFactory

    return QuestionFactory(template=w["template"])


def _template(w):
    from insyn.questionnaires.tests.factories import TemplateFactory

    return TemplateFactory()


def _plan(w):
    from insyn.followup.tests.factories import PlanFactory

    return PlanFactory()


def _plan_row(w):
    from insyn.followup.tests.factories import PlannedFollowUpFactory

    return PlannedFollowUpFactory(plan=w["plan"], unit=w["unit"])


def _rating_questionnaire(w):
    from insyn.ratings.tests.factories import active_questionnaire

    return active_questionnaire()


def _answer(w):
    from insyn.followup.models import Answer
    from insyn.questionnaires.tests.factories import QuestionFactory

    followup = w["self_report"]
    return Answer.objects.create(
        followup=followup, question=QuestionFactory(template=followup.template)
    )


def _answer_file(w):
    from insyn.followup.models import Answer
    from insyn.questionnaires.tests.factories import QuestionFactory

    followup = w["self_report"]
    return Answer.objects.create(
        followup=followup,
        question=QuestionFactory(template=followup.template),
        file=ContentFile(b"%PDF-1.4 intyg", name="intyg.pdf"),
    )


def _import_batch(w):
    from insyn.registry.models import ImportBatch

    return ImportBatch.objects.create(
        file=ContentFile(b"Organisationsnummer;Utf\xc3\xb6rare\r\n", name="import.csv"),
        original_name="import.csv",
        created_by=w["users"]["controller"],
    )


def _document(w):
    return ContractDocument.objects.create(
        contract=w["contract"], title="Avtal", file=ContentFile(b"%PDF-1.4", name="avtal.pdf")
    )


def _generated_document(w):
    """A finished annual-report PDF, ordered by the controller column's user."""
    from insyn.core.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        requested_by=w["users"]["controller"],
        kind="reports.annual_pdf",
        title="Årsrapport 2025",
        params={"year": 2025, "org_unit": None},
        status=GeneratedDocument.Status.DONE,
        progress=100,
        filename="arsrapport-2025.pdf",
        content_type="application/pdf",
        expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    document.file.save("arsrapport-2025.pdf", ContentFile(b"%PDF-1.7"))
    return document


def _notification(w):
    """A notification to the own provider user about the own deficiency."""
    from insyn.followup import notices

    notices.ACTION_PLAN_REQUESTED.send(w["deficiency"], recipients=[w["users"]["provider_own"]])
    return w["users"]["provider_own"].notifications.get()


def _outgoing_mail(w):
    """A mail to the own provider user that could not be sent."""
    from insyn.notifications.models import OutgoingMail

    _notification(w)
    mail = w["users"]["provider_own"].outgoing_mail.get()
    OutgoingMail.objects.filter(pk=mail.pk).update(status="failed", attempts=4)
    return mail


# How to build each object of the own organisation, on first use (a test builds only what its
# route needs). "own" below is the provider user of w["provider"].
def _contract_part(w):
    from insyn.registry.models import ContractCommittee

    return ContractCommittee.objects.create(
        contract=w["contract"],
        committee=OrgUnitFactory(name="Socialnämnden Centrum", kind="committee"),
        part="Stödboende",
    )


BUILDERS = {
    "committee": lambda w: OrgUnitFactory(name="Socialnämnden Nordost", kind="committee"),
    "contract_part": _contract_part,
    "supplier_check": lambda w: _supplier_object("SupplierCheck", w, kind="f_tax", result="ok"),
    "annual_report": lambda w: _supplier_object(
        "AnnualReport",
        w,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        origin="manual",
    ),
    "document": _document,
    "provider_document": lambda w: _supplier_object(
        "ProviderDocument",
        w,
        doc_type="insurance",
        original_name="forsakring.pdf",
        content_type="application/pdf",
        file=ContentFile(b"%PDF-1.4 intyg", name="forsakring.pdf"),
    ),
    "import_batch": _import_batch,
    "colleague": lambda w: UserFactory(case_worker=True, org_unit=w["district"]),
    "district": lambda w: OrgUnitFactory(name="Angered"),
    "plan": _plan,
    "plan_row": _plan_row,
    "followup": _followup,
    "self_report": _self_report,
    "submitted_report": _submitted_report,
    "sent_report": _sent_report,
    "answer": _answer,
    "answer_file": _answer_file,
    "deficiency": _deficiency,
    "action_plan": _action_plan,
    "feedback": _feedback,
    "attachment": _attachment,
    "alert": _alert,
    "recommendation": _recommendation,
    "placement": _placement,
    "template": _template,
    "question": _question,
    "rating_questionnaire": _rating_questionnaire,
    "notification": _notification,
    "generated_document": _generated_document,
    "outgoing_mail": _outgoing_mail,
}


class Users(dict):
    """One user per column of the matrix, made when first asked (most tests need one)."""

    def __init__(self, other_provider):
        super().__init__(anonymous=None)
        self.other_provider = other_provider
        self.own_provider = None

    def __missing__(self, role):
        if role == "provider_own":
            user = UserFactory(provider_user=True, provider=self.own_provider)
        elif role == "provider_other":
            user = UserFactory(provider_user=True, provider=self.other_provider)
        else:
            user = UserFactory(**{role: True})
        self[role] = user
        return user


class World(dict):
    """The own organisation's objects by name; anything in BUILDERS is made when first asked."""

    def __missing__(self, key):
        if key not in BUILDERS:
            raise KeyError(f"no object {key!r}: add a builder to BUILDERS")
        self[key] = BUILDERS[key](self)
        return self[key]


@pytest.fixture
def world(db, settings):
    """Objects of the own organisation, and one user per column of the matrix."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    provider = ProviderFactory(name="Egen Väg HVB AB")
    other = ProviderFactory(name="Annan Omsorg AB")
    unit = UnitFactory(provider=provider, name="Egen Väg Hisingen", places=10, vacancies=2)
    UnitFactory(provider=other, name="Annan Omsorg Majorna")
    contract = ContractFactory(provider=provider, units=[unit])
    users = Users(other)
    users.own_provider = provider
    return World(provider=provider, unit=unit, contract=contract, users=users)


def _kwargs(route, world):
    params = ROUTES[route]
    if route in ROUTE_KWARGS:
        return ROUTE_KWARGS[route](world)
    if not params:
        return {}
    if params == {"pk"} and route in ROUTE_OBJECT:
        return {"pk": world[ROUTE_OBJECT[route]].pk}
    subject = route.split(":")[-1].replace("-", "_").split("_")[0]
    if params == {"pk"} and subject in ("provider", "unit", "contract"):
        return {"pk": world[subject].pk}
    pytest.fail(f"route {route} takes {sorted(params)}: say how in ROUTE_OBJECT or ROUTE_KWARGS")


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
        # A login as allauth records it (a recent one: personal data ask for that).
        log_in_recently(client, user)
    url = reverse(route, kwargs=_kwargs(route, world))

    # A GET never writes; for the other methods a refusal must leave every row as it was.
    before = _snapshot() if expected in REFUSALS and method != GET else None
    if method == GET:
        response = client.get(url)
    elif method == POST:
        data = POST_DATA.get(route, lambda w: {})(world)
        if route in ASK_FIRST:
            data = {**data, "confirmed": "1"}
        response = client.post(url, data)
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

"""schemathesis with every check (`st run --checks all`) against /api/schema/ on a live server.

All phases run (examples, coverage, fuzzing, stateful) with every check schemathesis has:
no server errors, documented status codes, content types and headers, responses that match
the schema, schema-violating input refused, schema-valid input accepted, and the stateful
ones (use after free, resource availability, ignored auth). Requests are sent as a
controller with a token to a register with a few rows. What the checks may expect beyond
their defaults is in tests/schemathesis.toml (one rule: writes may refuse schema-valid data
with 400 for business rules the schema cannot express). The schema side is documented once,
for every operation, in insyn/core/api_schema.py.

A second test checks that the schema documents every /api/v1/ route, so no new endpoint
escapes the run.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.registry.tests.factories import (
    ContractFactory,
    ProviderFactory,
    RequirementFactory,
    UnitFactory,
)

CONFIG = Path(__file__).with_name("schemathesis.toml")
# Generated cases per operation and phase: with ~60 operations the run stays near 2 minutes
# on one core (the coverage phase adds its own boundary cases).
MAX_EXAMPLES = 3


@pytest.fixture
def api_token(settings):
    # Generated logins must not lock anyone out or be throttled into undocumented answers.
    settings.AXES_ENABLED = False
    # schemathesis reads the schema without logging in.
    settings.API_SCHEMA_PUBLIC = True
    controller = UserFactory(controller=True, username="schemathesis")
    district = OrgUnitFactory(kind=OrgUnitKind.DISTRICT)
    for _ in range(3):
        provider = ProviderFactory()
        units = UnitFactory.create_batch(2, provider=provider, district=district)
        contract = ContractFactory(provider=provider, units=units)
        RequirementFactory(contract=contract)
    return Token.objects.create(user=controller).key


@pytest.mark.live
# Serialized rollback keeps the categories the migrations create for the tests after us.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_passes_every_schemathesis_check(live_server, api_token, tmp_path):
    command = [
        *(sys.executable, "-m", "schemathesis.cli"),
        *("--config-file", str(CONFIG)),
        *("run", f"{live_server.url}/api/schema/"),
        *("--checks", "all"),
        *("--header", f"Authorization: Token {api_token}"),
        *("--max-examples", str(MAX_EXAMPLES)),
        *("--workers", "1"),
        "--generation-deterministic",
        "--no-shrink",
        *("--output-truncate", "false"),
    ]
    # In a temporary directory: the CLI keeps a cache (.schemathesis/) where it runs.
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    assert re.search(r"Tested: (\d+)", result.stdout), result.stdout[-2000:]
    assert int(re.search(r"Tested: (\d+)", result.stdout).group(1)) >= 50


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _as_openapi_path(route: str) -> str | None:
    """`^api/v1/units/(?P<pk>[^/.]+)/$` → `/api/v1/units/{id}/`; None for what the router adds
    besides the resources (format suffixes, the browsable root)."""
    route = route.replace("^", "").replace("$", "")
    if not route.startswith("api/v1/") or "format" in route or route == "api/v1/":
        return None
    route = re.sub(r"\(\?P<pk>[^)]*\)", "{id}", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return "/" + route.replace("\\", "")


@pytest.mark.django_db
def test_schema_documents_every_api_route(client, settings):
    settings.API_SCHEMA_PUBLIC = True
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    routes = {path for r in _routes(get_resolver()) if (path := _as_openapi_path(r))}
    assert routes, "no /api/v1/ routes found"
    assert routes - set(schema["paths"]) == set()
    # And every documented operation answers its errors in the one documented shape.
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "400" in operation["responses"], f"{method.upper()} {path}"

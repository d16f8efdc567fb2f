"""schemathesis against /api/schema/ on a live local server: generated requests, no 500s.

Every operation in the schema gets a bounded number of generated requests (valid and
invalid), sent as a controller with a token to a register with a few rows. Each response
must not be a server error, must have the declared content type, and must match the
schema where the schema describes that status code.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from insyn.accounts.constants import OrgUnitKind
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.registry.tests.factories import (
    ContractFactory,
    ProviderFactory,
    RequirementFactory,
    UnitFactory,
)

pytestmark = [
    pytest.mark.live,
    # Serialized rollback keeps the categories the migrations create for the tests after us.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Generated requests for the whole run, spread over operations × modes (valid, invalid), so the
# file stays under ~3 minutes on 2 cores however many operations the apps add; each
# operation and mode still gets at least MIN_EXAMPLES.
BUDGET = 700
MIN_EXAMPLES, MAX_EXAMPLES = 4, 15
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


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


def run_operation(operation, base_url, headers, mode, examples):
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    check()


def test_api_has_no_server_errors_and_matches_its_schema(live_server, api_token):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    headers = {"Authorization": f"Token {api_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    examples = max(MIN_EXAMPLES, min(MAX_EXAMPLES, BUDGET // (len(operations) * len(MODES))))
    failures = []
    for operation in operations:
        for mode in MODES:
            try:
                run_operation(operation, live_server.url, headers, mode, examples)
            except Unsatisfiable:
                # Some schemas leave no room for an invalid request (e.g. every body is valid).
                continue
            except Exception as exc:  # collect every operation's failure, then report all
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert len(operations) >= 16  # the register's 15 operations and the token endpoint at least
    assert not failures, "\n\n".join(failures)

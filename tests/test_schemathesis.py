"""schemathesis against /api/schema/ on a live local server: generated requests, no 500s.

Every operation in the schema gets a bounded number of generated requests (valid and
invalid), sent as a controller with a token to a register with a few rows. Each response
must not be a server error, must have the declared content type, and must match the
schema where the schema describes that status code.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
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

# Per operation and generation mode; 16 operations × 2 modes × this stays well under 3 minutes.
MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_token(settings):
    # Generated logins must not lock anyone out or be throttled into undocumented answers.
    settings.AXES_ENABLED = False
    controller = UserFactory(controller=True, username="schemathesis")
    district = OrgUnitFactory(kind=OrgUnitKind.DISTRICT)
    for _ in range(3):
        provider = ProviderFactory()
        units = UnitFactory.create_batch(2, provider=provider, district=district)
        contract = ContractFactory(provider=provider, units=units)
        RequirementFactory(contract=contract)
    return Token.objects.create(user=controller).key


def run_operation(operation, base_url, headers, mode):
    @settings(
        max_examples=MAX_EXAMPLES,
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
    failures, tried = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            tried += 1
            try:
                run_operation(operation, live_server.url, headers, mode)
            except Exception as exc:  # collect every operation's failure, then report all
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert tried >= 30
    assert not failures, "\n\n".join(failures)

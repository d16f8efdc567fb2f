"""Shared fixtures: one user per role, and two providers to prove that scoping holds."""

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from insyn.accounts.tests.factories import UserFactory
from insyn.registry.tests.factories import ProviderFactory, UnitFactory

# The live server (browser journeys, schemathesis) writes a response's status line, headers
# and body in separate small sends; with Nagle's algorithm on, each response then waits
# ~40 ms for the client's delayed ACK. That idle time was two thirds of the schemathesis run.
WSGIRequestHandler.disable_nagle_algorithm = True

# Property tests check rules, not speed (speed lives in `make bench`): no per-example
# deadline and no "generation is slow" health check, which failed on a machine loaded by
# parallel runs while the rule held.
hypothesis_settings.register_profile(
    "insyn", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("insyn")

# The local identity providers (OIDC, SAML) for the account tests and the browser journeys.
pytest_plugins = ["tests.idp.fixtures"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_url(settings):
    # Links in mail are built from SITE_URL; in tests the site is the test client's host.
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, username="admin")


@pytest.fixture
def controller(db):
    return UserFactory(controller=True, username="controller")


@pytest.fixture
def case_worker(db):
    return UserFactory(case_worker=True, username="caseworker")


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True, username="coordinator")


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, username="manager")


@pytest.fixture
def placement_officer(db):
    return UserFactory(placement_officer=True, username="placementofficer")


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Egen Väg HVB AB")


@pytest.fixture
def other_provider(db):
    return ProviderFactory(name="Annan Omsorg AB")


@pytest.fixture
def provider_user(provider):
    return UserFactory(provider_user=True, provider=provider, username="provider")


@pytest.fixture
def other_provider_user(other_provider):
    return UserFactory(provider_user=True, provider=other_provider, username="otherprovider")


@pytest.fixture
def unit(provider):
    return UnitFactory(provider=provider, name="Egen Väg Hisingen")


@pytest.fixture
def other_unit(other_provider):
    return UnitFactory(provider=other_provider, name="Annan Omsorg Majorna")


@pytest.fixture(autouse=True)
def _mfa_not_required(settings):
    # Tests log in with force_login as administrators and controllers; the MFA requirement
    # (production's default) has its own tests in insyn/accounts/tests/test_mfa.py.
    settings.INSYN_MFA_REQUIRED = False

"""Fixtures for feedback tests: a district with its coordinator, and items in each status."""

import pytest

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory

# A valid personnummer (check digit correct) used to prove masking; never a real person.
PNR = "850709-9805"
PNR_LONG = "19850709-9805"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Users are created in almost every test; a slow production hasher dominates the runtime.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def district(db):
    return OrgUnitFactory(name="Stadsdel Norr")


@pytest.fixture
def other_district(db):
    return OrgUnitFactory(name="Stadsdel Söder")


@pytest.fixture
def coordinator(district):
    return UserFactory(coordinator=True, username="coordinator", org_unit=district)


@pytest.fixture
def district_case_worker(district):
    return UserFactory(case_worker=True, username="dcw", org_unit=district)


@pytest.fixture
def other_case_worker(other_district):
    return UserFactory(case_worker=True, username="ocw", org_unit=other_district)

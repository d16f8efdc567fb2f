"""Fixtures for the account tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # These tests log in dozens of times; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The identity providers (oidc_idp, saml_idp, oidc_settings, saml_settings) are shared with
# the browser journeys: tests/idp/fixtures.py, a plugin of the root conftest.py.

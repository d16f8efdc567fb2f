"""A login costs one password hash, never more (issue 16 item 4).

The hasher stays strong (Django's default), so each hash is the expensive part of a login;
django-axes' backend, the rules backend and the token endpoint must not add a second one.
A counting hasher (MD5 underneath, so the test is fast) counts every verify and encode.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from rest_framework.test import APIClient

from insyn.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def verify(self, password, encoded):
        type(self).calls += 1
        return super().verify(password, encoded.replace(self.algorithm, "md5", 1))

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt).replace("md5", self.algorithm, 1)


@pytest.fixture
def counting(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    user = UserFactory(username="kalle")
    user.set_password("rätt-lösen-123")
    user.save()
    CountingHasher.calls = 0
    return user


@pytest.mark.parametrize(
    ("username", "password"),
    [("kalle", "rätt-lösen-123"), ("kalle", "fel"), ("finns-inte", "fel")],
)
def test_login_page_hashes_once(client, counting, username, password):
    client.post("/konto/logga-in/", {"login": username, "password": password})
    assert CountingHasher.calls == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [("kalle", "rätt-lösen-123"), ("kalle", "fel"), ("finns-inte", "fel")],
)
def test_token_endpoint_hashes_once(counting, username, password):
    APIClient().post("/api/v1/token/", {"username": username, "password": password})
    assert CountingHasher.calls == 1

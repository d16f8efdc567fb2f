"""The shared API machinery: rules-based permissions per action and Swedish error answers."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404

from insyn.core.api import (
    NOT_FOUND,
    PERMISSION_DENIED,
    RulesObjectPermission,
    exception_handler,
)

pytestmark = pytest.mark.django_db

PERMS = {"list": None, "retrieve": "registry.view_unit", "create": "registry.add_unit"}


def check(user, action, obj=None):
    permission = RulesObjectPermission()
    request = SimpleNamespace(user=user)
    view = SimpleNamespace(action=action, perms=PERMS)
    if obj is None:
        return permission.has_permission(request, view)
    return permission.has_permission(request, view) and permission.has_object_permission(
        request, view, obj
    )


def test_anonymous_user_is_refused_every_action():
    assert not check(AnonymousUser(), "list")


def test_action_without_permission_lets_any_signed_in_user_through(provider_user):
    assert check(provider_user, "list")


def test_action_missing_from_perms_is_refused(controller):
    # A new action added to a viewset stays closed until someone names its permission.
    assert not check(controller, "destroy")
    assert not check(controller, "publish")


def test_create_checks_the_rules_permission(controller, case_worker, provider_user):
    assert check(controller, "create")
    assert not check(case_worker, "create")
    assert not check(provider_user, "create")


def test_object_actions_check_the_object(provider_user, unit, other_unit):
    assert check(provider_user, "retrieve", unit)
    assert not check(provider_user, "retrieve", other_unit)


def test_http404_is_answered_with_one_swedish_text():
    response = exception_handler(Http404("Unit matching query does not exist."), {})
    assert response.status_code == 404
    assert response.data["detail"] == NOT_FOUND


def test_django_permission_denied_is_answered_in_swedish():
    response = exception_handler(PermissionDenied(), {})
    assert response.status_code == 403
    assert response.data["detail"] == PERMISSION_DENIED


def test_model_validation_error_becomes_400_with_field_messages():
    error = DjangoValidationError({"vacancies": ["Lediga platser kan inte vara fler."]})
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {"vacancies": ["Lediga platser kan inte vara fler."]}


def test_integrity_error_becomes_409_not_500():
    response = exception_handler(IntegrityError("UNIQUE constraint failed"), {})
    assert response.status_code == 409
    assert "Hämta posten på nytt" in response.data["detail"]


def test_malformed_json_is_answered_in_swedish(client, controller):
    client.force_login(controller)
    response = client.post("/api/v1/providers/", "{inte json", content_type="application/json")
    assert response.status_code == 400
    assert "giltig JSON" in response.json()["detail"]

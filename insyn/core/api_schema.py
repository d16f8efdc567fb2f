"""Who may read the OpenAPI schema and its docs: anyone when API_SCHEMA_PUBLIC, else users
who are logged in (session or token). Read per request, so the setting can be changed in a
test or by configuration without reloading views.

A module of its own because drf-spectacular imports it from its settings while
`insyn.core.api` is still importing drf-spectacular's views.
"""

from django.conf import settings
from rest_framework.permissions import BasePermission


class SchemaAccess(BasePermission):
    def has_permission(self, request, view):
        if getattr(settings, "API_SCHEMA_PUBLIC", False):
            return True
        return bool(request.user and request.user.is_authenticated)

"""The HTTP API: /api/v1/ resources, the OpenAPI schema and its browsable docs.

Each domain app that has an API defines `register_routes(router)` in its `api.py`;
they are collected here so apps never edit this file.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from insyn.core.api import ObtainTokenView, OwnTokensView, RevokeOwnTokensView, SwaggerView

router = DefaultRouter()
for config in apps.get_app_configs():
    if config.name.startswith("insyn.") and find_spec(f"{config.name}.api"):
        module = import_module(f"{config.name}.api")
        if hasattr(module, "register_routes"):
            module.register_routes(router)

urlpatterns = [
    path("v1/token/", ObtainTokenView.as_view(), name="api-token"),
    path("v1/token/mine/", OwnTokensView.as_view(), name="api-token-mine"),
    path("v1/token/revoke/", RevokeOwnTokensView.as_view(), name="api-token-revoke"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start script as a file, so CSP needs no inline script.
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

"""The OpenAPI schema and its Swagger UI: valid, without warnings, and served under our CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every guessed type or unresolved serializer into a failure.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/providers/" in schema
    assert "/api/v1/token/" in schema


def test_schema_endpoint_describes_the_register(client, controller):
    client.force_login(controller)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/providers/", "/api/v1/units/{id}/", "/api/v1/contracts/"} <= set(paths)
    assert "delete" not in paths["/api/v1/units/{id}/"]


def test_docs_page_loads_only_local_files(client, controller):
    client.force_login(controller)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, html
    for url in references:
        assert url.startswith("/"), f"{url} is not served by Insyn"
        assert "//" not in url
    static = [url for url in references if url.startswith("/static/")]
    assert static
    for url in static:
        assert finders.find(url.removeprefix("/static/")), f"{url} is missing"
    assert "<script>" not in html  # the start script is a separate file (no inline script)


def test_docs_page_keeps_a_strict_content_security_policy(client, controller):
    client.force_login(controller)
    response = client.get("/api/docs/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    # The page's fixed style block is allowed by its hash, not by opening style-src.
    assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+'", policy)


def test_docs_start_script_is_served_as_javascript(client, controller):
    client.force_login(controller)
    html = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html).group(1)
    response = client.get(script_url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_schema_documents_token_and_session_authentication(client, settings):
    settings.API_SCHEMA_PUBLIC = True
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schemes = response.json()["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["cookieAuth"]["in"] == "cookie"

"""Valid HTML on every page: the Nu HTML Checker (vnu, the W3C validator) over every GET page
of the permission matrix, rendered for the first role that may read it (issue 11).

vnu runs offline from the `vnu-jar` npm package (package.json) on the machine's Java (17+).
All pages are written to a temporary folder and checked in one run (one JVM start), and
the errors are reported per page. Only errors count; warnings (e.g. a redundant role) do not.
"""

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_permission_matrix import (
    _kwargs,
    world,  # noqa: F401 - a fixture
)
from tests.test_ui_language import _pages

pytestmark = pytest.mark.outside_check

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(
    os.environ.get("INSYN_VNU_JAR")
    or ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def vnu_errors(folder: Path) -> dict[str, list[str]]:
    """Run vnu over every .html file in `folder`: {file name: ["line N: message", ...]}."""
    if not VNU_JAR.exists():
        pytest.fail(f"vnu.jar saknas ({VNU_JAR}): kör `npm install` (make npm-deps).")
    if not shutil.which("java"):
        pytest.fail("Java (17 eller senare) behövs för vnu.")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    found = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        name = Path(message.get("url", "")).name
        found.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return found


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
            self.refs += [(name, ref) for ref in (attrs.get(name) or "").split()]
        if tag == "label" and attrs.get("for"):
            self.refs.append(("for", attrs["for"]))


def dangling_references(page: str) -> list[str]:
    """aria-describedby/-labelledby/-controls and label for= that point to no id on the
    page (vnu does not check these): e.g. a field described by a help text without an id."""
    parser = _References()
    parser.feed(page)
    return [f'{name}="{ref}"' for name, ref in parser.refs if ref not in parser.ids]


def test_a_reference_to_a_missing_id_is_found():
    page = '<input aria-describedby="hjalp" id="a"><p id="x">Hjälp</p><label for="a">A</label>'
    assert dangling_references(page) == ['aria-describedby="hjalp"']


def test_the_checker_finds_an_invalid_page(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="sv"><title>x</title><input hx-get="/a">'
    )
    (tmp_path / "good.html").write_text('<!doctype html><html lang="sv"><title>x</title><p>Hej')
    errors = vnu_errors(tmp_path)
    assert list(errors) == ["bad.html"]
    assert any("hx-get" in e for e in errors["bad.html"])


def test_every_page_is_valid_html(client, settings, world, tmp_path):  # noqa: F811
    settings.AXES_ENABLED = False
    # INSYN_HTML_DUMP=folder keeps the rendered pages for a look with vnu by hand.
    folder = Path(os.environ.get("INSYN_HTML_DUMP") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    names, references = {}, {}
    for route, role in _pages():
        user = world["users"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(route, kwargs=_kwargs(route, world))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if not response.content.lstrip()[:15].lower().startswith(b"<!doctype html"):
            continue  # an htmx fragment (options of a picker), not a page
        name = f"{route.replace(':', '-')}.html"
        names[name] = f"{url} ({role})"
        (folder / name).write_bytes(response.content)
        if dangling := dangling_references(response.content.decode()):
            references[names[name]] = dangling
    assert len(names) > 50, "too few pages rendered to check"
    errors = vnu_errors(folder)
    report = {names[name]: messages for name, messages in errors.items()}
    assert report == {}
    assert references == {}

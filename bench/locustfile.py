"""The load test's simulated people (locust), started by `bench/load.py` (`make bench-load`).

Each locust user is one person of a kind (controller, placement officer, coordinator,
provider, citizen, API client) who opens a page, reads it for 1–5 s (think time) and opens the
next. The pages and their shares are in bench/README.md ("Load test"); the ids, sessions and
search words come from the JSON file in LOAD_TARGETS, written by bench/load.py from the bench
database. Requests are grouped by page kind (`name=`), so locust's statistics are per kind.

Static files are fetched the way a browser with a warm cache does: each person asks for the
CSS and scripts a page links once, keeps them as long as their Cache-Control max-age says
(WhiteNoise's hashed files: forever), and revalidates (If-None-Match, answered 304) only what
came without a max-age. Sessions are made by load.py (no login form: a login is a password
hash, measured elsewhere), so the session cookie is sent as a header: it is a Secure cookie,
which a client on plain http would otherwise not send back.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import count

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
ASSET = re.compile(r"""(?:href|src)="(/static/[^"]+\.(?:css|js))\"""")
MAX_AGE = re.compile(r"max-age=(\d+)")
_next = count()


def _pick(key):
    return random.choice(TARGETS[key])


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    role: str | None = None

    def on_start(self):
        self.cache: dict[str, dict] = {}  # static URL -> {"fresh": bool, "etag": str}
        self.headers = {"Accept-Encoding": "gzip, br", "User-Agent": "insyn-bench-load"}
        if self.role:
            sessions = TARGETS["sessions"][self.role]
            cookie = sessions[next(_next) % len(sessions)]
            self.headers["Cookie"] = f"{TARGETS['session_cookie']}={cookie}"

    def page(self, kind: str, url: str):
        # No redirects followed: a page that sends the person elsewhere (the login, the MFA
        # setup) is a failure of the run, not a page served.
        with self.client.get(
            url, name=kind, headers=self.headers, catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return
            if "text/html" in r.headers.get("Content-Type", ""):
                self.assets(r.text)

    def assets(self, html: str):
        for url in ASSET.findall(html):
            cached = self.cache.get(url)
            if cached and cached["fresh"]:
                continue  # a warm cache within max-age: the browser asks nothing
            headers = dict(self.headers)
            if cached and cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            with self.client.get(
                url, name="static file", headers=headers, catch_response=True
            ) as r:
                if r.status_code not in (200, 304):
                    r.failure(f"HTTP {r.status_code}")
                    continue
                control = r.headers.get("Cache-Control", "")
                age = MAX_AGE.search(control)
                self.cache[url] = {
                    "fresh": bool(age and int(age.group(1)) > 0 and "no-cache" not in control),
                    "etag": r.headers.get("ETag", cached.get("etag") if cached else ""),
                }


class Controller(Person):
    """Browses the register and follow-up: lists, searches, unit pages, dossiers, the plan."""

    weight = 40
    role = "controller"

    @task(10)
    def open_start(self):
        self.page("start page", "/")

    @task(12)
    def open_provider_list(self):
        self.page("provider list", random.choice(TARGETS["provider_lists"]))

    @task(8)
    def open_provider_search(self):
        self.page("provider search", f"/register/utforare/?q={_pick('search_words')}")

    @task(8)
    def open_unit_list(self):
        self.page("unit list", random.choice(TARGETS["unit_lists"]))

    @task(12)
    def open_unit_page(self):
        self.page("unit page", f"/register/verksamheter/{_pick('unit_ids')}/")

    @task(4)
    def open_provider_page(self):
        self.page("provider page", f"/register/utforare/{_pick('provider_ids')}/")

    @task(8)
    def open_dossier(self):
        self.page("dossier", f"/uppfoljning/verksamhet/{_pick('unit_ids')}/")

    @task(4)
    def open_plan(self):
        self.page("plan page", f"/uppfoljning/plan/{TARGETS['plan_id']}/")

    @task(4)
    def open_deficiencies(self):
        self.page("deficiency list", "/uppfoljning/brister/")

    @task(4)
    def open_feedback(self):
        self.page("feedback list", random.choice(TARGETS["feedback_lists"]))


class PlacementOfficer(Person):
    """Searches for a placement and reads the candidates' unit pages."""

    weight = 15
    role = "placement_officer"

    @task(5)
    def open_search(self):
        self.page("recommendation search", random.choice(TARGETS["searches"]))

    @task(4)
    def open_unit_page(self):
        self.page("unit page", f"/register/verksamheter/{_pick('unit_ids')}/")

    @task(1)
    def open_start(self):
        self.page("start page", "/")


class Coordinator(Person):
    """A district's feedback coordinator: the feedback list and the start page."""

    weight = 10
    role = "coordinator"

    @task(5)
    def open_feedback(self):
        self.page("feedback list", random.choice(TARGETS["feedback_lists"]))

    @task(2)
    def open_start(self):
        self.page("start page", "/")

    @task(2)
    def open_unit_page(self):
        self.page("unit page", f"/register/verksamheter/{_pick('unit_ids')}/")


class ProviderUser(Person):
    """A provider in the portal: its organisation, follow-ups and feedback."""

    weight = 10
    role = "provider"

    @task(3)
    def open_home(self):
        self.page("portal", "/portal/")

    @task(2)
    def open_followups(self):
        self.page("portal", "/portal/uppfoljning/")

    @task(2)
    def open_feedback(self):
        self.page("portal", "/portal/synpunkter/")


class Citizen(Person):
    """Anyone on the public pages: no login."""

    weight = 20
    role = None

    @task(2)
    def open_start(self):
        self.page("public pages", "/insyn/")

    @task(3)
    def open_units(self):
        self.page("public pages", random.choice(TARGETS["public_lists"]))

    @task(3)
    def open_unit(self):
        if TARGETS["public_unit_ids"]:
            self.page("public pages", f"/insyn/verksamheter/{_pick('public_unit_ids')}/")


class ApiClient(Person):
    """An integration reading the API (with a session, as the API accepts it)."""

    weight = 5
    role = "controller"
    wait_time = between(1, 5)

    @task
    def open_api(self):
        self.page("API", random.choice(TARGETS["api"]))

"""Interface for deterministic demo data (`manage.py seed_demo`).

Each domain app that has demo data defines `seed(ctx: DemoContext)` in its `demo.py`.
`seed_demo` calls them in INSTALLED_APPS order (accounts, registry, … reports), so an
app can rely on the rows of the apps before it. Use only `ctx.rng` and `ctx.faker`
for randomness, and `ctx.today` for dates: same seed (and date), same data. Scale
counts with `ctx.count(n)`. `seed_demo --flush` empties every table first, so create
reference rows you need with get_or_create rather than trusting a data migration.

`ctx.shared` after accounts and registry (details in docs/demo.md):
  municipality, committees, administrations, districts (OrgUnit),
  org_units_by_code ({"snc": Socialnämnden Centrum, "snc-forv": its administration,
  "sd01": a district, "niu", "nff", "avo", "placering" …}),
  users_by_role ({Role value: [User]}), controllers, case_workers, coordinators,
  placement_officers, managers, case_workers_by_district / coordinators_by_district
  ({district pk: [User]}), demo_password, logins ({Role: username}),
  categories, providers, own_providers, units, units_by_category ({code: [Unit]}),
  contracts, provider_users.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from faker import Faker


@dataclass
class DemoContext:
    seed: int = 2026
    today: dt.date = field(default_factory=dt.date.today)
    scale: float = 1.0
    log: Callable[[str], None] = print
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    # Apps put what later apps need here (e.g. "users_by_role", "districts").
    shared: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 - demo data, not secrets
        self.faker = Faker("sv_SE")
        self.faker.seed_instance(self.seed)

    def count(self, n: int) -> int:
        return max(1, round(n * self.scale))


def demo_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("insyn.") and find_spec(f"{config.name}.demo"):
            module = import_module(f"{config.name}.demo")
            if hasattr(module, "seed"):
                yield config.name, module

"""Extension points for pages that show several domain areas at once.

A domain app contributes a section to a shared page by defining, in its `panels.py`,
a function named after the slot, returning a list of `Panel`s (or []):

- `dashboard(request)`         the municipal user's start page
- `portal_home(request)`       the provider's start page
- `unit_detail(request, unit)` the staff unit page (risk score, ratings, feedback …)
- `provider_detail(request, provider)` and `contract_detail(request, contract)`

Panels are rendered in INSTALLED_APPS order. The app must apply its own permission checks.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def collect(slot: str, request, *args) -> list[Panel]:
    panels: list[Panel] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("insyn.") or not find_spec(f"{config.name}.panels"):
            continue
        module = import_module(f"{config.name}.panels")
        provider = getattr(module, slot, None)
        if provider is not None:
            panels.extend(provider(request, *args))
    return panels

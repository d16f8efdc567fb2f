"""Extension points for pages that show several domain areas at once.

The slots are declared here, in SLOTS; each is a shared page a domain app can add sections to:

- `dashboard(request)`         the municipal user's start page
- `portal_home(request)`       the provider's start page
- `unit_detail(request, unit)` the staff unit page (risk score, ratings, feedback …)
- `provider_detail(request, provider)` and `contract_detail(request, contract)`

An app contributes by declaring, in its `panels.py`, which function fills which slot:

    PANELS = {"dashboard": dashboard, "unit_detail": unit_detail}

Each function returns a list of `Panel`s (or []) and applies its own permission checks.
Panels are rendered in INSTALLED_APPS order, except that a panel marked `first=True` (the
user's own work: the case worker's ratings to give, the coordinator's district feedback …)
comes before the others, so each role's start page opens with what it has to do.

A declaration is checked (the system check `insyn.E001`–`E003` at start-up, and again when
a page first collects panels): a slot that is not in SLOTS, a panels.py without PANELS, or a
slot-named function left out of PANELS is an error, never a panel silently not shown.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

SLOTS = frozenset({"dashboard", "portal_home", "unit_detail", "provider_detail", "contract_detail"})


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    # The user's own work: shown before the other panels of the slot.
    first: bool = False


def panel_modules() -> list:
    """Every Insyn app's panels module, in INSTALLED_APPS order (not this one: it declares the
    slots and fills none)."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.panels"
        if config.name.startswith("insyn.") and name != __name__ and find_spec(name):
            modules.append(import_module(name))
    return modules


def problems(module) -> list[tuple[str, str]]:
    """(check id, message) for each fault in a panels module's declaration."""
    name = module.__name__
    declared = getattr(module, "PANELS", None)
    if not isinstance(declared, dict):
        return [("insyn.E001", f"{name} declares no PANELS dict (slot → function).")]
    found = []
    for slot, provider in declared.items():
        if slot not in SLOTS:
            found.append(
                (
                    "insyn.E002",
                    f"{name}.PANELS names the unknown slot {slot!r}; "
                    f"the slots are {', '.join(sorted(SLOTS))} (insyn.core.panels.SLOTS).",
                )
            )
        elif not callable(provider):
            found.append(("insyn.E002", f"{name}.PANELS[{slot!r}] is not a function."))
    for slot in sorted(SLOTS - declared.keys()):
        if callable(getattr(module, slot, None)):
            found.append(
                (
                    "insyn.E003",
                    f"{name} defines {slot}() but does not declare it in PANELS, "
                    "so it would never be shown.",
                )
            )
    return found


def check_panels(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check (registered in CoreConfig.ready): every panels module declares valid slots."""
    return [
        checks.Error(message, id=check_id, obj=module.__name__)
        for module in panel_modules()
        for check_id, message in problems(module)
    ]


def registry(modules) -> dict[str, list]:
    """{slot: [provider, …]} from the modules' PANELS, in their order; ImproperlyConfigured on
    the first fault (problems())."""
    result: dict[str, list] = {slot: [] for slot in SLOTS}
    for module in modules:
        faults = problems(module)
        if faults:
            raise ImproperlyConfigured(faults[0][1])
        for slot, provider in module.PANELS.items():
            result[slot].append(provider)
    return result


@cache
def _installed() -> dict[str, list]:
    return registry(panel_modules())


def collect(slot: str, request, *args) -> list[Panel]:
    """The panels every app contributes to `slot` for this request: those marked `first`, then
    the others, each group in INSTALLED_APPS order."""
    if slot not in SLOTS:
        raise ImproperlyConfigured(f"Unknown panel slot {slot!r} (insyn.core.panels.SLOTS).")
    panels: list[Panel] = []
    for provider in _installed()[slot]:
        panels.extend(provider(request, *args))
    return sorted(panels, key=lambda panel: not panel.first)

"""The one way an app reads its tunables from `settings.INSYN`: `app_settings(namespace, defaults)`.

Each app keeps its defaults in its own `conf.py` and builds its reader once:

    _settings = app_settings("FOLLOWUP", DEFAULTS)
    get = _settings.get

A municipality overrides keys in `settings.INSYN[namespace]`, a dict, e.g.
`INSYN = {..., "FOLLOWUP": {"PLAN_CAPACITY": 50}}`. The merge rule, the same for every app:

1. A key of the override replaces the default of that key …
2. … except when both the default and the override are dicts: then they are merged one level
   deep (the override's inner keys replace or add to the default's; the other inner keys keep
   their defaults), so overriding one risk weight keeps the other weights. Inner keys are not
   checked: some of these dicts are open maps (vulnerability by any category code).
3. A key that is not in the defaults raises ImproperlyConfigured (a misspelled key would
   otherwise be ignored without a word), and so does a non-dict namespace.
4. A key of the defaults set directly in `settings.INSYN` instead of under its namespace
   raises ImproperlyConfigured too: that is where ratings and placement used to read them,
   and an override left there would otherwise silently stop working.

Settings are read on every `get()` (nothing cached), so tests can change them with the
`settings` fixture. Values are copies: changing one never changes the defaults.
"""

from copy import deepcopy

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class AppSettings:
    """Reads one namespace of settings.INSYN over `defaults` (see the module docstring)."""

    def __init__(self, namespace: str, defaults: dict):
        self.namespace = namespace
        self.defaults = defaults

    def overrides(self) -> dict:
        """The namespace's overrides, checked against the defaults (rules 3 and 4)."""
        insyn = getattr(settings, "INSYN", {})
        misplaced = sorted(insyn.keys() & self.defaults.keys())
        if misplaced:
            raise ImproperlyConfigured(
                f"settings.INSYN: {', '.join(misplaced)} belongs under "
                f'INSYN["{self.namespace}"], e.g. INSYN["{self.namespace}"] = '
                f'{{"{misplaced[0]}": …}}.'
            )
        overrides = insyn.get(self.namespace, {})
        if not isinstance(overrides, dict):
            raise ImproperlyConfigured(f'settings.INSYN["{self.namespace}"] must be a dict.')
        unknown = sorted(overrides.keys() - self.defaults.keys())
        if unknown:
            raise ImproperlyConfigured(
                f'settings.INSYN["{self.namespace}"]: unknown key(s) {", ".join(unknown)}; '
                f"known keys are {', '.join(sorted(self.defaults))}."
            )
        return overrides

    def get(self, key: str):
        """The value of `key`: its default with the override merged in (rules 1 and 2)."""
        value = deepcopy(self.defaults[key])
        overrides = self.overrides()
        if key not in overrides:
            return value
        override = overrides[key]
        if isinstance(value, dict) and isinstance(override, dict):
            value.update(deepcopy(override))
            return value
        return deepcopy(override)


def app_settings(namespace: str, defaults: dict) -> AppSettings:
    """The reader of `settings.INSYN[namespace]` over `defaults` (merge rule: module docstring)."""
    return AppSettings(namespace, defaults)

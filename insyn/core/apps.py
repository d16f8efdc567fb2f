from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "insyn.core"
    verbose_name = "Gemensamt"

    def ready(self):
        from . import checks as _deploy_checks  # noqa: F401  (registers the deploy checks)
        from . import panels

        # A misspelled panel slot fails `manage.py check` (and runserver, migrate) at start-up.
        checks.register(panels.check_panels)

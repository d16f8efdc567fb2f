from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "insyn.core"
    verbose_name = "Gemensamt"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)

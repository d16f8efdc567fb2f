from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "insyn.placement"
    verbose_name = "Placering"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Recommendation)
        auditlog.register(models.RecommendedUnit)

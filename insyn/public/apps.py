from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "insyn.public"
    verbose_name = "Allmänhetens insyn"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.PublishedProvider,
            models.PublishedUnit,
            models.PublishedFollowUp,
            models.PublishedYear,
        ):
            auditlog.register(model)

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "insyn.public"
    verbose_name = "Allmänhetens insyn"

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions

        from . import log_actions, models

        register_actions(log_actions.ACTIONS)

        for model in (
            models.PublishedProvider,
            models.PublishedUnit,
            models.PublishedFollowUp,
            models.PublishedYear,
        ):
            auditlog.register(model)

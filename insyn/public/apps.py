from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "insyn.public"
    verbose_name = "Allmänhetens insyn"

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions
        from insyn.registry.signals import checking_published_unit_edit

        from . import checks as _deploy_checks  # noqa: F401  (registers the deploy checks)
        from . import log_actions, models, privacy

        register_actions(log_actions.ACTIONS)
        checking_published_unit_edit.connect(
            privacy.published_unit_edit_receiver, dispatch_uid="public.published_unit_edit"
        )

        for model in (
            models.PublishedProvider,
            models.PublishedUnit,
            models.PublishedFollowUp,
            models.PublishedYear,
        ):
            auditlog.register(model)

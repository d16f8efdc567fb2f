from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "insyn.accounts"
    verbose_name = "Användare och organisation"

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions

        from . import checks as _deploy_checks  # noqa: F401  (registers the deploy checks)
        from . import log_actions, models

        register_actions(log_actions.ACTIONS)

        auditlog.register(models.OrgUnit)
        auditlog.register(models.Membership)
        auditlog.register(models.GroupMapping)
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
        )

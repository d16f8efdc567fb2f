from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, post_save


def create_cache_table(using="default", **kwargs):
    """The database cache (settings.CACHES without CACHE_URL) needs its table; `migrate`
    makes it, so production and the test database both have it without another command.
    createcachetable skips caches that are not database caches, and existing tables."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "insyn.core"
    verbose_name = "Gemensamt"
    daily_commands = ("delete_expired_documents",)

    def ready(self):
        from . import checks as _deploy_checks  # noqa: F401  (registers the deploy checks)
        from . import panels

        # A misspelled panel slot fails `manage.py check` (and runserver, migrate) at start-up.
        checks.register(panels.check_panels)
        from django.conf import settings

        from .tokens import forget_tokens_on_password_change

        post_migrate.connect(create_cache_table, sender=self)
        post_save.connect(forget_tokens_on_password_change, sender=settings.AUTH_USER_MODEL)

        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="insyn.core.sessions.stamp_login")

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "insyn.notifications"
    verbose_name = "Aviseringar"
    default_auto_field = "django.db.models.BigAutoField"
    # Run each night by `manage.py run_daily_jobs` (core): the dates that pass.
    daily_commands = ("send_notification_reminders",)

    def ready(self):
        from insyn.core.notices import notice_raised

        from . import receivers

        notice_raised.connect(receivers.write_notice, dispatch_uid="insyn.notifications")

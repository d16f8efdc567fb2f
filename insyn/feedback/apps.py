from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "insyn.feedback"
    verbose_name = "Synpunkter"
    # Run each night by `manage.py run_daily_jobs` (core).
    daily_commands = ("apply_feedback_retention",)

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions

        from . import documents, log_actions, models, rules  # noqa: F401 - registers the permission predicates

        documents.register()

        # A change of any item makes the list page's cached counts overview out of date.
        from django.db.models.signals import post_delete, post_save

        def forget_counts(sender, **kwargs):
            from .queries import forget_counts

            forget_counts()

        post_save.connect(forget_counts, sender=models.FeedbackItem, weak=False)
        post_delete.connect(forget_counts, sender=models.FeedbackItem, weak=False)

        register_actions(log_actions.ACTIONS)

        # access=True: revealing the unmasked text sends `accessed`, logged as "Läst".
        # Free text is kept out of the audit log: it may hold personnummer and must be
        # removable by retention.
        auditlog.register(
            models.FeedbackItem,
            exclude_fields=["updated_at", "text", "provider_action", "feedback_note"],
        )
        auditlog.register(models.FeedbackAttachment, exclude_fields=["file", "name"])
        auditlog.register(models.HandlingTarget)
        auditlog.register(models.FeedbackSettings)
        auditlog.register(models.EscalationAlert)

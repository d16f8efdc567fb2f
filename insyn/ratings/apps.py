from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "insyn.ratings"
    verbose_name = "Rating"
    # Run each night by `manage.py run_daily_jobs` (core).
    daily_commands = ("refresh_rating_summaries", "send_rating_reminders")

    def ready(self):
        from auditlog.registry import auditlog

        from insyn.core.history import register_actions

        from . import log_actions, models

        register_actions(log_actions.ACTIONS)

        auditlog.register(models.RatingQuestionnaire)
        auditlog.register(models.RatingQuestion)
        auditlog.register(models.RatingAlternative)
        auditlog.register(models.Placement)
        # Ratings are anonymous towards providers; history is kept but only staff read it.
        auditlog.register(models.Rating)

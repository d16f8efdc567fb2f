from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "insyn.feedback"
    verbose_name = "Synpunkter"

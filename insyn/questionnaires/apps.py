from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "insyn.questionnaires"
    verbose_name = "Mallar"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Template)
        auditlog.register(models.Question)

from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "insyn.questionnaires"
    verbose_name = "Mallar"

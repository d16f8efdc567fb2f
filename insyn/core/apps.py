from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "insyn.core"
    verbose_name = "Gemensamt"

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "insyn.reports"
    verbose_name = "Rapporter"

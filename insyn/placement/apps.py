from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "insyn.placement"
    verbose_name = "Placering"

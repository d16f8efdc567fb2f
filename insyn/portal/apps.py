from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "insyn.portal"
    verbose_name = "Utförarens vy"

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "insyn.public"
    verbose_name = "Allmänhetens insyn"

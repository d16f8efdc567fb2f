from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "insyn.ratings"
    verbose_name = "Rating"

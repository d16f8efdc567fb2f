from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "insyn.followup"
    verbose_name = "Uppföljning"

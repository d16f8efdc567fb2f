"""Gallring: mask identity numbers in the texts of follow-ups finished more than the retention
period ago (FOLLOWUP TEXT_RETENTION_YEARS, or --years). Run nightly by run_daily_jobs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insyn.followup import conf, retention


class Command(BaseCommand):
    help = (
        "Gallrar personnummer i texterna till uppföljningar som avslutades för mer än "
        "gallringsfristen sedan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            help="År efter avslut (standard: INSYN['FOLLOWUP']['TEXT_RETENTION_YEARS']).",
        )

    def handle(self, *args, **options):
        years = options["years"]
        if years is None:
            years = conf.get("TEXT_RETENTION_YEARS")
        if years < 1:
            raise CommandError("--years måste vara minst 1.")
        count = retention.apply_retention(timezone.localdate(), years)
        self.stdout.write(
            f"Gallrade {count} uppföljningar (avslutade för mer än {years} år sedan)."
        )

"""Gallring: empty free text and attachments of closed feedback older than the retention
period (FeedbackSettings.retention_days, or --days). Counts stay: no rows are deleted."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insyn.feedback.models import FeedbackSettings
from insyn.feedback.services import apply_retention


class Command(BaseCommand):
    help = "Gallrar fritext och bilagor i avslutade synpunkter äldre än gallringsfristen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Dagar efter avslut (standard: inställningen på sidan Regler för synpunkter).",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = FeedbackSettings.load().retention_days
        if days < 1:
            raise CommandError("--days måste vara minst 1.")
        count = apply_retention(timezone.localdate(), days)
        self.stdout.write(f"Gallrade {count} synpunkter (avslutade för mer än {days} dagar sedan).")

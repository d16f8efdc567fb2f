"""Runs every app's daily jobs, for one systemd timer or cron line instead of one per job.

An app lists its jobs as management command names in `daily_commands` on its AppConfig;
they run in app order. A failing job is reported and the others still run; the command
then exits non-zero so the timer's status shows the failure.
"""

import logging
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)


def daily_commands() -> list[str]:
    return [
        name for config in apps.get_app_configs() for name in getattr(config, "daily_commands", ())
    ]


class Command(BaseCommand):
    help = "Kör alla dagliga jobb (ratingsammanfattning, påminnelser, gallring, riskpoäng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Visa jobben i körordning utan att köra dem."
        )

    def handle(self, *args, **options):
        names = daily_commands()
        if options["list"]:
            for name in names:
                self.stdout.write(name)
            return
        failed = []
        for name in names:
            started = time.monotonic()
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # noqa: BLE001 - one failing job must not stop the rest
                logger.exception("Daily job %s failed", name)
                failed.append(name)
                self.stderr.write(f"{name}: misslyckades – {exc}")
            else:
                self.stdout.write(f"{name}: klart på {time.monotonic() - started:.1f} s")
        if failed:
            raise CommandError(f"Dagliga jobb som misslyckades: {', '.join(failed)}.")

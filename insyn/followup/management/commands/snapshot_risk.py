"""Store every active unit's current risk score (run nightly) so dashboards show risers."""

from django.core.management.base import BaseCommand

from ... import risk


class Command(BaseCommand):
    help = "Beräknar och sparar risk- och väsentlighetspoäng för alla aktiva verksamheter."

    def handle(self, *args, **options):
        count = risk.snapshot(risk.scoring_units())
        self.stdout.write(f"Riskpoäng sparade för {count} verksamheter.")

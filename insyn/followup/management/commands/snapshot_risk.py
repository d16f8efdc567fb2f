"""Store every active unit's current risk score (run nightly) so dashboards show risers."""

from django.core.management.base import BaseCommand

from insyn.registry.models import Unit

from ... import risk


class Command(BaseCommand):
    help = "Beräknar och sparar risk- och väsentlighetspoäng för alla aktiva verksamheter."

    def handle(self, *args, **options):
        units = Unit.objects.filter(active=True).select_related("category")
        count = risk.snapshot(units)
        self.stdout.write(f"Riskpoäng sparade för {count} verksamheter.")

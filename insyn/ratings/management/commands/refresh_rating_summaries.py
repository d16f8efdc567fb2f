"""Daily job: rebuild each unit's rating sum and count over the window (for the search)."""

from django.core.management.base import BaseCommand

from insyn.ratings.services import refresh_rating_summaries


class Command(BaseCommand):
    help = "Bygger om ratingsammanfattningen per verksamhet (körs dagligen)."

    def handle(self, *args, **options):
        units = refresh_rating_summaries()
        self.stdout.write(f"Ratingsammanfattning uppdaterad för {units} verksamheter.")

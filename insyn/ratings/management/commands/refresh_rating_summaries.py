"""Daily job: rebuild each unit's rating sum and count over the window (for the search) and
the per-district answer counts (for the answer rate)."""

from django.core.management.base import BaseCommand

from insyn.ratings.services import refresh_answer_rate_days, refresh_rating_summaries


class Command(BaseCommand):
    help = (
        "Bygger om ratingsammanfattningen per verksamhet och svarsfrekvensen per stadsdel "
        "(körs dagligen)."
    )

    def handle(self, *args, **options):
        units = refresh_rating_summaries()
        days = refresh_answer_rate_days()
        self.stdout.write(
            f"Ratingsammanfattning uppdaterad för {units} verksamheter, "
            f"svarsfrekvens för {days} stadsdelsdagar."
        )

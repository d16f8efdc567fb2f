"""Daily job: ask ordering case workers for due ratings and remind them when unanswered."""

from django.core.management.base import BaseCommand

from insyn.ratings.services import send_rating_requests


class Command(BaseCommand):
    help = "Skickar ratingbegäran och påminnelser för placeringar som ska få rating."

    def handle(self, *args, **options):
        counts = send_rating_requests()
        self.stdout.write(
            f"Ratingbegäran: {counts['requested']}, påminnelser: {counts['reminded']}."
        )

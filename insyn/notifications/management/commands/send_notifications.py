from django.core.management.base import BaseCommand

from insyn.notifications.sending import drain
from insyn.notifications.services import build_digests


class Command(BaseCommand):
    help = (
        "Skickar väntande e-post ur utkorgen och, efter den inställda timmen, dagens "
        "sammanfattningar (kör ofta, t.ex. var femte minut)."
    )

    def handle(self, *args, **options):
        digests = build_digests()
        counts = drain()
        self.stdout.write(f"Sammanfattningar: {digests}; utskick: {counts}")

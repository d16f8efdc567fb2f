from django.core.management.base import BaseCommand

from insyn.notifications.services import send_reminders


class Command(BaseCommand):
    help = "Skapar påminnelser för de datum som passeras i dag (nattligt jobb)."

    def handle(self, *args, **options):
        self.stdout.write(f"Påminnelser: {send_reminders()}")

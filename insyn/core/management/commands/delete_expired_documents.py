"""Remove generated documents (report PDFs, large exports) past their keep time. Nightly
through run_daily_jobs."""

from django.core.management.base import BaseCommand

from insyn.core import documents


class Command(BaseCommand):
    help = "Ta bort skapade dokument (rapporter, stora exporter) som passerat sin sparatid."

    def handle(self, *args, **options):
        removed = documents.delete_expired()
        self.stdout.write(f"{removed} dokument borttagna.")

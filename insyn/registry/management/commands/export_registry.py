"""`manage.py export_registry FILE`: the whole register in the import template's format.

FILE.xlsx gets both sheets; FILE.csv gets providers and units, and FILE's stem + "-avtal.csv"
next to it the contracts (a CSV file holds one kind of rows)."""

from django.core.management.base import BaseCommand, CommandError

from insyn.registry.io.exporter import export_register


class Command(BaseCommand):
    help = "Exporterar hela utförarregistret i importmallens format (.xlsx eller .csv)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            written = export_register(file)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Filen {file} kan inte skrivas: {exc.strerror}.") from exc
        for path in written:
            self.stdout.write(f"Skrev {path}")

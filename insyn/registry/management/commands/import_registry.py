"""`manage.py import_registry FILE [FILE ...] [--dry-run] [--user USERNAME]`: the web import as a
command. Exit status 0 when stored (or would be, with --dry-run), 1 with the row report on
stderr when rejected."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from insyn.registry.io.importer import import_files


class Command(BaseCommand):
    help = (
        "Importerar utförare, verksamheter och avtal från XLSX- eller CSV-filer (allt eller inget)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera utan att spara.")
        parser.add_argument("--user", help="Användarnamn som står som ändrare i historiken.")

    def handle(self, *args, files, dry_run, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Det finns ingen användare med användarnamnet {user}.") from exc
        for name in files:
            try:
                open(name, "rb").close()
            except OSError as exc:
                raise CommandError(f"Filen {name} kan inte öppnas: {exc.strerror}.") from exc
        result = import_files(files, actor, dry_run=dry_run)
        if not result.ok:
            self.stderr.write(
                f"Importen avvisades, ingenting sparades ({len(result.problems)} fel):"
            )
            self.stderr.write(result.report())
            raise SystemExit(1)
        if dry_run:
            self.stdout.write(f"Provkörning utan fel; importen skulle ge: {result.summary()}.")
        else:
            self.stdout.write(f"Importen är klar: {result.summary()}.")

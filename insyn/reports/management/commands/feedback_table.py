"""`manage.py feedback_table --year 2024 [--org-unit ID] [--format text|csv|json]`."""

from django.core.management.base import BaseCommand, CommandError

from insyn.accounts.models import OrgUnit
from insyn.reports import exports, tertial

FORMATS = {
    "text": exports.feedback_table_text,
    "csv": exports.feedback_table_csv,
    "json": exports.feedback_table_json,
}


class Command(BaseCommand):
    help = (
        "Skriver ut tabellen Redovisning av synpunkter och klagomål (T1, T2, VB, totalt) för ett "
        "år och en organisationsenhet (utan --org-unit: hela kommunen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="År, t.ex. 2024.")
        parser.add_argument("--org-unit", type=int, default=None, help="Organisationsenhetens id.")
        parser.add_argument(
            "--format", choices=sorted(FORMATS), default="text", help="Standard: text."
        )

    def handle(self, *args, year, org_unit, format, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} är inte ett rimligt år. Ange t.ex. --year 2024.")
        unit = None
        if org_unit is not None:
            unit = OrgUnit.objects.filter(pk=org_unit).first()
            if unit is None:
                raise CommandError(
                    f"Organisationsenheten med id {org_unit} finns inte. Utelämna --org-unit "
                    "för hela kommunen."
                )
        text = FORMATS[format](tertial.feedback_table(year, unit))
        self.stdout.write(text.lstrip("\ufeff") if format != "csv" else text, ending="")

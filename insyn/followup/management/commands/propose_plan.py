"""Print the proposed annual follow-up plan without storing anything."""

import json

from django.core.management.base import BaseCommand, CommandError

from insyn.accounts.models import OrgUnit
from insyn.followup import planning


class Command(BaseCommand):
    help = "Föreslår årets uppföljningsplan enligt reglerna, utan att spara något."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--committee", type=int, help="Nämndens id (OrgUnit)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, year, committee, format, **options):
        committee_obj = None
        if committee is not None:
            committee_obj = OrgUnit.objects.filter(pk=committee).first()
            if committee_obj is None:
                raise CommandError(f"Det finns ingen nämnd med id {committee}.")
        for proposal in planning.propose(year, committee=committee_obj):
            if format == "json":
                self.stdout.write(json.dumps(proposal.as_json(), ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{proposal.month:>2} {proposal.unit_name} – {proposal.method} "
                    f"({proposal.rule}, {proposal.score})"
                )

"""`manage.py seed_demo`: fill the database with the deterministic demo municipality."""

import datetime as dt
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from insyn.core.demo import DemoContext, demo_modules

DEMO_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Bygger demokommunen: organisation, användare per roll, utförarregister och det "
        "som varje app lägger till. Samma frö ger samma data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Slumpfrö (standard 2026).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Storlek, 1.0 = cirka 800 utförare."
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Datum som alla demodatum räknas från (ÅÅÅÅ-MM-DD); standard är i dag.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gör ingenting om det redan finns utförare (men skriv ut inloggningarna).",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Töm hela databasen (som manage.py flush) innan demodata byggs.",
        )

    def handle(self, *args, seed, scale, today, if_empty, flush, **options):
        from insyn.registry.models import Provider

        if scale <= 0:
            raise CommandError("--scale måste vara större än 0.")
        if flush:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Databasen är tömd.")
        elif Provider.all_objects.exists():
            if if_empty:
                self.stdout.write("Demodata finns redan; ingenting nytt skapas.")
                self.print_logins()
                return
            raise CommandError(
                "Databasen innehåller redan utförare. Kör med --flush för att bygga om "
                "demodata, eller --if-empty för att låta den vara."
            )

        ctx = DemoContext(
            seed=seed,
            scale=scale,
            today=today or timezone.localdate(),
            log=self.stdout.write,
        )
        self.stdout.write(f"Bygger demokommunen (frö {seed}, skala {scale}, datum {ctx.today}):")
        started = time.perf_counter()
        for app, module in demo_modules():
            began = time.perf_counter()
            self.stdout.write(f"- {app}")
            # One transaction per app: a failing app leaves the earlier apps' data usable.
            with transaction.atomic():
                module.seed(ctx)
            self.stdout.write(f"  klart på {time.perf_counter() - began:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Demodata klara på {time.perf_counter() - started:.1f} s.")
        )
        self.print_logins()

    def print_logins(self):
        from insyn.accounts.demo import DEMO_PASSWORD, demo_logins

        rows = demo_logins()
        if not rows:
            self.stdout.write("Inga demoinloggningar hittades (databasen har inte demodata).")
            return
        width_role = max(len("Roll"), *(len(r[0]) for r in rows))
        width_user = max(len("Användarnamn"), *(len(r[1]) for r in rows))
        self.stdout.write("")
        self.stdout.write(f"Insyn: {DEMO_URL}")
        self.stdout.write(f"Lösenord för alla demoanvändare: {DEMO_PASSWORD} (endast för demo)")
        self.stdout.write(f"{'Roll':<{width_role}}  {'Användarnamn':<{width_user}}  Namn")
        self.stdout.write(f"{'-' * width_role}  {'-' * width_user}  {'-' * 20}")
        for label, username, name in rows:
            self.stdout.write(f"{label:<{width_role}}  {username:<{width_user}}  {name}")
        self.stdout.write("")

"""Refresh supplier checks from the outside sources (nightly through run_daily_jobs, or by
hand): providers with a running contract or a unit used in a placement in the last year,
oldest check first, within NIGHTLY_BUDGET."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from insyn.ratings.queries import placed_provider_ids
from insyn.registry.models import Contract, Provider

from ... import conf, queries
from ...constants import Source
from ...models import RefreshRun
from ...refresh import Outcome, build_sources, refresh_many


def providers_to_check(today) -> list[int]:
    """Providers with a running contract, or with a unit used in a placement during the last
    year (a placement outside any contract, e.g. a direct purchase)."""
    running = Contract.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    placed = placed_provider_ids(today - dt.timedelta(days=365), today)
    return sorted(set(running.values_list("provider_id", flat=True)) | placed)


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Command(BaseCommand):
    help = "Hämtar leverantörskontroller från Bolagsverket, Skatteverket och IVO."

    def add_arguments(self, parser):
        parser.add_argument("--provider", help="Bara utföraren med detta organisationsnummer.")
        parser.add_argument("--source", choices=Source.values, help="Bara denna källa.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vilka utförare som skulle kontrolleras."
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        sources = build_sources(options["source"])
        if options["provider"]:
            provider = Provider.objects.filter(org_number=options["provider"]).first()
            if provider is None:
                raise CommandError(f"Ingen utförare har organisationsnummer {options['provider']}.")
            ids = [provider.pk]
        else:
            ids = queries.due_provider_ids(
                providers_to_check(today), today, conf.get("NIGHTLY_BUDGET")
            )
        if not sources:
            self.stdout.write("Ingen källa är konfigurerad (SOURCE_URLS); inget hämtades.")
            return
        if options["dry_run"]:
            self.stdout.write(
                f"Skulle kontrollera {len(ids)} utförare mot {', '.join(sorted(sources))}."
            )
            return
        run = RefreshRun.objects.create(
            source=options["source"] or "",
            budget=conf.get("NIGHTLY_BUDGET"),
            planned=len(ids),
        )
        outcome = Outcome()
        providers = Provider.objects.filter(pk__in=ids).iterator(chunk_size=200)
        for chunk in _chunks(providers, 50):
            refresh_many(chunk, sources, today, conf.get("CONCURRENCY"), outcome)
            RefreshRun.objects.filter(pk=run.pk).update(checked=outcome.checked)
        run.checked = outcome.checked
        run.failures = len(outcome.failures)
        run.report = "\n".join(outcome.failures[:500])
        run.finished_at = timezone.now()
        run.save()
        self.stdout.write(
            f"Leverantörskontroll: {outcome.checked} utförare kontrollerade, "
            f"{len(outcome.failures)} hämtningar misslyckades."
        )

"""The refresh of supplier checks from the outside sources: one provider at a time, each
source on its own (a failing source never blocks the others), with the adapters built from
settings and the environment (docs/suppliers.md)."""

import datetime as dt
import os
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import conf, services
from .adapters.base import SourceError
from .adapters.http import BolagsverketHttp, IvoHttp, SkatteverketHttp
from .constants import SOURCE_KINDS, CheckKind, FigureOrigin, Result, Source
from .ixbrl import ReportRefused, parse
from .models import AnnualReport, SupplierCheck

HTTP_CLASSES = {
    Source.BOLAGSVERKET: BolagsverketHttp,
    Source.SKATTEVERKET: SkatteverketHttp,
    Source.IVO: IvoHttp,
}


def build_sources(only: str | None = None) -> dict:
    """{source: HTTP adapter} for each source with a base URL (conf SOURCE_URLS or the
    environment's SUPPLIERS_<SOURCE>_URL); the token from SUPPLIERS_<SOURCE>_TOKEN."""
    urls = conf.get("SOURCE_URLS")
    http = conf.get("HTTP")
    sources = {}
    for source, cls in HTTP_CLASSES.items():
        if only and source != only:
            continue
        env = f"SUPPLIERS_{source.upper()}"
        url = urls.get(source) or os.environ.get(f"{env}_URL", "")
        if not url:
            continue
        sources[source] = cls(
            url,
            token=os.environ.get(f"{env}_TOKEN", ""),
            timeout=http["timeout"],
            retries=http["retries"],
            backoff=http["backoff"],
            min_interval=http["min_interval"],
        )
    return sources


@dataclass
class Outcome:
    checked: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What to ask about one provider, read from the database before any call."""

    provider: object
    kinds: dict  # source → [kinds still applicable]
    known_periods: set


def plan(provider, sources: dict) -> Plan:
    skipped = set(
        SupplierCheck.objects.filter(provider=provider, result=Result.NOT_APPLICABLE).values_list(
            "kind", flat=True
        )
    )
    kinds = {source: [k for k in SOURCE_KINDS[source] if k not in skipped] for source in sources}
    known = set(AnnualReport.objects.filter(provider=provider).values_list("period_end", flat=True))
    return Plan(provider, {s: k for s, k in kinds.items() if k}, known)


def fetch(item: Plan, sources: dict) -> dict:
    """{source: answer or SourceError}: only HTTP and parsing, no database, so it can run in a
    worker thread."""
    number = item.provider.org_number
    answers = {}
    for source, kinds in item.kinds.items():
        adapter = sources[source]
        try:
            if source == Source.BOLAGSVERKET:
                company = adapter.organisation(number)
                reports = []
                if CheckKind.ANNUAL_REPORT in kinds:
                    for document in adapter.documents(number):
                        if document.period_end in item.known_periods:
                            continue
                        try:
                            reports.append(parse(adapter.document(document.document_id), number))
                        except ReportRefused as error:
                            raise SourceError(error.message) from error
                answers[source] = (company, reports)
            elif source == Source.SKATTEVERKET:
                answers[source] = adapter.registration(number)
            else:
                answers[source] = adapter.decisions(number)
        except SourceError as error:
            answers[source] = error
    return answers


def apply(item: Plan, answers: dict, today: dt.date, outcome: Outcome) -> Outcome:
    """Store the answers (main thread, one transaction per provider: one commit instead of
    one per check, which is what bounds the nightly run's speed); a failed source is
    recorded as "kunde inte hämtas" on its checks and the others go on."""
    with transaction.atomic():
        _apply(item, answers, today, outcome)
    outcome.checked += 1
    return outcome


def _apply(item: Plan, answers: dict, today: dt.date, outcome: Outcome) -> None:
    provider = item.provider
    for source, answer in answers.items():
        label = Source(source).label
        if isinstance(answer, SourceError):
            services.record_failure(provider, item.kinds[source], str(answer))
            outcome.failures.append(f"{provider.org_number} {label}: {answer}")
        elif source == Source.BOLAGSVERKET:
            company, reports = answer
            services.apply_company(provider, company, label, today)
            for parsed in reports:
                services.store_report(provider, parsed, FigureOrigin.REGISTER, today=today)
        elif source == Source.SKATTEVERKET:
            services.apply_tax(provider, answer, label, today)
        else:
            services.apply_decisions(provider, answer, label, today)


def refresh_provider(provider, sources: dict, today: dt.date | None = None, outcome=None):
    """Ask each source about one provider and store the answers."""
    today = today or timezone.localdate()
    item = plan(provider, sources)
    return apply(item, fetch(item, sources), today, outcome or Outcome())


def refresh_many(providers, sources: dict, today: dt.date, workers: int, outcome=None):
    """The refresh of many providers with at most `workers` calls in flight: the HTTP calls
    run in a thread pool, the database reads and writes stay in this thread, and at most
    2 × workers providers are held at once (constant memory)."""
    outcome = outcome or Outcome()
    pending = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for provider in providers:
            item = plan(provider, sources)
            pending[pool.submit(fetch, item, sources)] = item
            if len(pending) >= 2 * workers:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    apply(pending.pop(future), future.result(), today, outcome)
        for future in as_completed(list(pending)):
            apply(pending.pop(future), future.result(), today, outcome)
    return outcome

"""The refresh of supplier checks from the outside sources: one provider at a time, each
source on its own (a failing source never blocks the others), with the adapters built from
settings and the environment (docs/suppliers.md)."""

import datetime as dt
import os
from dataclasses import dataclass, field

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


def _fetch_reports(provider, adapter, today):
    known = set(AnnualReport.objects.filter(provider=provider).values_list("period_end", flat=True))
    for document in adapter.documents(provider.org_number):
        if document.period_end in known:
            continue
        try:
            parsed = parse(adapter.document(document.document_id), provider.org_number)
            services.store_report(provider, parsed, FigureOrigin.REGISTER, today=today)
        except ReportRefused as error:
            raise SourceError(error.message) from error


def refresh_provider(provider, sources: dict, today: dt.date | None = None, outcome=None):
    """Ask each source about the provider; a source that fails is recorded as "kunde inte
    hämtas" on its checks and the others go on."""
    today = today or timezone.localdate()
    outcome = outcome or Outcome()
    skipped = set(
        SupplierCheck.objects.filter(provider=provider, result=Result.NOT_APPLICABLE).values_list(
            "kind", flat=True
        )
    )
    for source, adapter in sources.items():
        kinds = [k for k in SOURCE_KINDS[source] if k not in skipped]
        if not kinds:
            continue
        label = Source(source).label
        try:
            if source == Source.BOLAGSVERKET:
                services.apply_company(
                    provider, adapter.organisation(provider.org_number), label, today
                )
                if CheckKind.ANNUAL_REPORT in kinds:
                    _fetch_reports(provider, adapter, today)
            elif source == Source.SKATTEVERKET:
                services.apply_tax(
                    provider, adapter.registration(provider.org_number), label, today
                )
            else:
                services.apply_decisions(
                    provider, adapter.decisions(provider.org_number), label, today
                )
        except SourceError as error:
            services.record_failure(provider, kinds, str(error))
            outcome.failures.append(f"{provider.org_number} {label}: {error}")
    outcome.checked += 1
    return outcome

"""Reads of supplier checks, scoped to the user.

Public face for other apps (followup's risk score and dossier, placement):
- `checks_for(user, provider)`: the provider's check rows, for pages.
- `red_flag_provider_ids(provider_ids)`: providers with at least one red flag.
- `risk_facts(provider_ids, today)`: per provider, IVO decisions by kind in the last
  IVO_MONTHS months and the number of financial warning signs (both plain counts).
- `revoked_unit_ids(unit_ids)`: units whose latest IVO decision revoked the permit, with
  the decision's date (placement lists them apart and never recommends them).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, OuterRef, QuerySet, Subquery

from insyn.accounts.predicates import is_municipal

from . import conf, warnings
from .constants import CheckKind, DecisionKind, Result
from .models import AnnualReport, IvoDecision, SupplierCheck


def checks_for(user, provider) -> list[SupplierCheck]:
    """Every kind of check for the provider in CheckKind order, a not-yet-taken kind as an
    unsaved PENDING row. Nothing for anyone but municipal staff."""
    if not is_municipal(user):
        return []
    stored = {c.kind: c for c in SupplierCheck.objects.filter(provider=provider)}
    return [
        stored.get(kind) or SupplierCheck(provider=provider, kind=kind, result=Result.PENDING)
        for kind in CheckKind.values
    ]


def decisions_for(user, provider) -> QuerySet[IvoDecision]:
    if not is_municipal(user):
        return IvoDecision.objects.none()
    return IvoDecision.objects.filter(provider=provider).select_related("unit")


def reports_for(user, provider, years: int = 5) -> list[AnnualReport]:
    if not is_municipal(user):
        return []
    return list(AnnualReport.objects.filter(provider=provider).order_by("-period_end")[:years])


def revoked_unit_ids(unit_ids) -> dict[int, dt.date]:
    """{unit id: decision date} for those of `unit_ids` whose latest IVO decision about the
    unit (by decision date, then the order registered) is a revocation of its permit. One
    query whatever the number of units.

    A later decision (a new permit, or even criticism) means IVO has dealt with the unit
    since, so only the latest counts. Decisions about the provider as a whole (no unit) do
    not make a unit revoked: IVO revokes the permit of a unit's activity.

    Example: unit 7 with a permit 2024-02-01 and a revocation 2026-05-04 → {7: 2026-05-04};
    with a new permit 2026-09-01 after that → {}.
    """
    latest = (
        IvoDecision.objects.filter(unit_id=OuterRef("unit_id"))
        .order_by("-decided_on", "-pk")
        .values("pk")[:1]
    )
    return dict(
        IvoDecision.objects.filter(
            unit_id__in=list(unit_ids), kind=DecisionKind.REVOCATION, pk=Subquery(latest)
        ).values_list("unit_id", "decided_on")
    )


def red_flag_provider_ids(provider_ids) -> set[int]:
    return set(
        SupplierCheck.objects.filter(provider_id__in=provider_ids, result=Result.RED_FLAG)
        .values_list("provider_id", flat=True)
        .distinct()
    )


def risk_facts(provider_ids, today: dt.date) -> dict[int, dict]:
    """{provider id: {"decisions": {kind: n}, "warnings": n}} with a fixed number of queries.

    Example: a provider with one injunction in March 2026 and negative equity in its latest
    report, asked on 2026-12-01 → {"decisions": {"injunction": 1}, "warnings": 1}.
    """
    provider_ids = list(provider_ids)
    since = _months_back(today, conf.get("IVO_MONTHS"))
    facts: dict[int, dict] = defaultdict(lambda: {"decisions": {}, "warnings": 0})
    rows = (
        IvoDecision.objects.filter(provider_id__in=provider_ids, decided_on__gte=since)
        .values_list("provider_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for provider_id, kind, n in rows:
        facts[provider_id]["decisions"][kind] = n
    reports = defaultdict(list)
    for report in AnnualReport.objects.filter(provider_id__in=provider_ids).order_by(
        "provider_id", "-period_end"
    ):
        reports[report.provider_id].append(report)
    for provider_id, items in reports.items():
        facts[provider_id]["warnings"] = len(warnings.financial_warnings(items, today))
    return dict(facts)


def _months_back(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def due_provider_ids(provider_ids, today: dt.date, limit: int) -> list[int]:
    """Providers to check tonight, oldest check first (never-checked first of all)."""
    from django.db.models import Min

    oldest = dict(
        SupplierCheck.objects.filter(provider_id__in=provider_ids)
        .exclude(kind=CheckKind.ORGANISED_CRIME)
        .exclude(result=Result.NOT_APPLICABLE)
        .values_list("provider_id")
        .annotate(t=Min("taken_on"))
        .order_by()
        .values_list("provider_id", "t")
    )
    never = dt.date.min
    ordered = sorted(provider_ids, key=lambda pk: (oldest.get(pk) or never, pk))
    return ordered[:limit]


def all_checks_for(user) -> QuerySet[SupplierCheck]:
    """Every stored check the user may read: all for municipal staff, none for others."""
    return SupplierCheck.objects.all() if is_municipal(user) else SupplierCheck.objects.none()


def all_reports_for(user) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.all() if is_municipal(user) else AnnualReport.objects.none()


def red_flags() -> QuerySet[SupplierCheck]:
    """Every check that is a red flag, newest first (the controller's start page)."""
    return SupplierCheck.objects.filter(result=Result.RED_FLAG).order_by("-taken_on", "-pk")


def documents_for(user, provider, removed: bool = False):
    """The provider's documents the user may read, newest first: every provider's for
    municipal staff, the own organisation's for its users, none for anyone else. With
    `removed`, removed ones are included (the history)."""
    from .models import ProviderDocument

    if not (is_municipal(user) or getattr(user, "provider_id", None) == provider.pk):
        return ProviderDocument.objects.none()
    qs = ProviderDocument.objects.filter(provider=provider).select_related(
        "uploaded_by", "removed_by"
    )
    return qs if removed else qs.filter(removed_at__isnull=True)


def all_documents_for(user):
    """Every document the user may read through the API: all for municipal staff, the own
    organisation's for provider users, removed ones left out."""
    from .models import ProviderDocument

    qs = ProviderDocument.objects.filter(removed_at__isnull=True)
    if is_municipal(user):
        return qs
    if getattr(user, "provider_id", None):
        return qs.filter(provider_id=user.provider_id)
    return qs.none()


def document_gap_rows(today: dt.date, limit: int = 10) -> tuple[int, list[tuple]]:
    """(how many, [(provider, [gaps])] of the first `limit` by name) for the providers with a
    running contract whose required documents are missing or expired (the controller's start
    page). The database picks them (`documents.without_gaps`); the reasons are worked out for
    the shown ones only: three queries whatever the size of the register."""
    from django.db.models import Q

    from insyn.registry.models import Contract, Provider

    from . import conf
    from .documents import gaps_by_provider, without_gaps

    if not conf.get("REQUIRED_DOCUMENTS"):
        return 0, []
    running = Contract.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    lacking = Provider.objects.filter(pk__in=running.values("provider_id")).exclude(
        without_gaps(today)
    )
    shown = list(lacking.order_by("name", "pk")[:limit])
    if not shown:
        return 0, []
    gaps = gaps_by_provider([p.pk for p in shown], today)
    return lacking.count(), [(p, gaps[p.pk]) for p in shown if p.pk in gaps]


def open_alerts_for(user, provider=None):
    """The red-flag alerts still open (the check is still red), newest first: municipal staff
    only, like the checks."""
    from .models import RedFlagAlert

    if not is_municipal(user):
        return RedFlagAlert.objects.none()
    qs = RedFlagAlert.objects.filter(cleared_at__isnull=True).select_related("provider")
    return qs.filter(provider=provider) if provider is not None else qs

"""Writes of supplier checks, one transaction each (docs/suppliers.md).

The results of the outside sources are applied by `apply_company`, `apply_tax`,
`apply_decisions`; a source that could not answer is recorded by `record_failure`, which
keeps the last good value. Manual checks: `record_organised_crime`, `mark_not_applicable`.
"""

import datetime as dt

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from insyn.core.errors import DomainError

from . import conf
from .adapters.base import CompanyInfo, Decision, TaxInfo
from .constants import CheckKind, CompanyStatus, CrimeAnswer, DecisionKind, FigureOrigin, Result
from .models import IvoDecision, SupplierCheck

# IVO decisions that are red flags of their own.
RED_DECISIONS = {DecisionKind.REVOCATION, DecisionKind.INJUNCTION, DecisionKind.FINE_INJUNCTION}


class CheckRefused(DomainError):
    pass


def _due(kind: str, taken_on: dt.date) -> dt.date:
    return taken_on + dt.timedelta(days=conf.get("RECHECK_DAYS")[kind])


def _save(provider, kind, result, summary, source, today):
    check, _ = SupplierCheck.objects.get_or_create(provider=provider, kind=kind)
    check.result = result
    check.summary = summary[:300]
    check.source = source
    check.taken_on = today
    check.due_on = _due(kind, today)
    check.not_applicable_reason = ""
    check.failed_at = None
    check.failure = ""
    check.save()
    track_red_flag(check, today)
    return check


def is_alarming(kind: str, result: str) -> bool:
    """A red flag of its own (company status other than registered, F-skatt missing, an IVO
    revocation or (vites)föreläggande, organised-crime information), or a financial warning
    sign in the annual reports: what the responsible controller is told about."""
    return result == Result.RED_FLAG or (
        kind == CheckKind.ANNUAL_REPORT and result == Result.WARNING
    )


def track_red_flag(check, today) -> None:
    """Raise an alert (and tell the responsible controllers) when the check turns red; once
    per flag: while an alert for this provider and kind is open, nothing new is raised. A
    check that is no longer red clears its open alert."""
    from .models import RedFlagAlert
    from .notices import RED_FLAG

    open_alerts = RedFlagAlert.objects.filter(
        provider_id=check.provider_id, kind=check.kind, cleared_at__isnull=True
    )
    if not is_alarming(check.kind, check.result):
        open_alerts.update(cleared_at=timezone.now())
        return
    if open_alerts.exists():
        return
    alert = RedFlagAlert.objects.create(
        provider_id=check.provider_id, kind=check.kind, summary=check.summary, raised_on=today
    )
    RED_FLAG.send(alert)


@transaction.atomic
def mark_alert_followed_up(alert, note: str, user) -> None:
    """The controller added a follow-up from the alert (followup's one-click start)."""
    with set_actor(user):
        alert.followed_up_at = timezone.now()
        alert.followed_up_by = user
        alert.followup_note = str(note)[:300]
        alert.save(
            update_fields=["followed_up_at", "followed_up_by", "followup_note", "updated_at"]
        )


def _not_applicable(provider, kind) -> bool:
    return SupplierCheck.objects.filter(
        provider=provider, kind=kind, result=Result.NOT_APPLICABLE
    ).exists()


@transaction.atomic
def apply_company(provider, info: CompanyInfo, source: str, today: dt.date) -> SupplierCheck:
    """Company status: registered is OK (a board change in the last year is noted); any other
    status is a red flag. Example: status "bankrupt" → RED_FLAG, "Konkurs"."""
    label = CompanyStatus(info.status).label
    summary = label
    if info.status_date:
        summary += f" sedan {info.status_date:%Y-%m-%d}"
    result = Result.OK if info.status == CompanyStatus.REGISTERED else Result.RED_FLAG
    if info.board_changed_on and info.board_changed_on > today - dt.timedelta(days=365):
        summary += f"; styrelse eller firmatecknare ändrade {info.board_changed_on:%Y-%m-%d}"
    return _save(provider, CheckKind.COMPANY_STATUS, result, summary, source, today)


@transaction.atomic
def apply_tax(provider, info: TaxInfo, source: str, today: dt.date) -> list[SupplierCheck]:
    """F-skatt, VAT and employer registration. Missing F-skatt is a red flag; missing VAT or
    employer registration a warning sign. Kinds marked not applicable are left alone."""
    rows = (
        (CheckKind.F_TAX, info.f_tax, "Godkänd för F-skatt", "Saknar F-skatt", Result.RED_FLAG),
        (CheckKind.VAT, info.vat, "Momsregistrerad", "Inte momsregistrerad", Result.WARNING),
        (
            CheckKind.EMPLOYER,
            info.employer,
            "Registrerad som arbetsgivare",
            "Inte registrerad som arbetsgivare",
            Result.WARNING,
        ),
    )
    saved = []
    for kind, present, yes, no, bad in rows:
        if _not_applicable(provider, kind):
            continue
        result = Result.OK if present else bad
        saved.append(_save(provider, kind, result, yes if present else no, source, today))
    return saved


@transaction.atomic
def apply_decisions(provider, decisions: list[Decision], source: str, today: dt.date):
    """Store IVO decisions (new references added, known ones updated) and set the IVO check:
    a revocation or (vites)föreläggande in the last IVO_MONTHS months is a red flag,
    criticism a warning sign. Unit names are matched to the provider's units."""
    units = {u.name.casefold(): u for u in provider.units.all()}
    for decision in decisions:
        IvoDecision.objects.update_or_create(
            provider=provider,
            reference=decision.reference,
            defaults={
                "kind": decision.kind,
                "decided_on": decision.decided_on,
                "unit": units.get(decision.unit_name.casefold()),
                "summary": decision.summary[:300],
            },
        )
    from .queries import _months_back

    since = _months_back(today, conf.get("IVO_MONTHS"))
    recent = list(IvoDecision.objects.filter(provider=provider, decided_on__gte=since))
    kinds = {d.kind for d in recent}
    if kinds & RED_DECISIONS:
        result = Result.RED_FLAG
    elif DecisionKind.CRITICISM in kinds:
        result = Result.WARNING
    else:
        result = Result.OK
    counted = [d for d in recent if d.kind != DecisionKind.PERMIT]
    if counted:
        parts = sorted({DecisionKind(d.kind).label.lower() for d in counted})
        summary = (
            f"{len(counted)} tillsynsbeslut senaste {conf.get('IVO_MONTHS')} mån: "
            + ", ".join(parts)
        )
    else:
        summary = f"Inga tillsynsbeslut senaste {conf.get('IVO_MONTHS')} månaderna"
    return _save(provider, CheckKind.IVO, result, summary, source, today)


@transaction.atomic
def record_failure(provider, kinds, message: str, now=None) -> None:
    """The source could not answer: the check keeps its last good value and shows
    "kunde inte hämtas" with the time."""
    now = now or timezone.now()
    for kind in kinds:
        check, _ = SupplierCheck.objects.get_or_create(provider=provider, kind=kind)
        if check.result == Result.NOT_APPLICABLE:
            continue
        check.failed_at = now
        check.failure = f"Kunde inte hämtas: {message}"[:300]
        check.save(update_fields=["failed_at", "failure", "updated_at"])


@transaction.atomic
def record_organised_crime(provider, user, asked_on, answer, reference, today=None):
    """The manual check with Kunskapscenter för organiserad brottslighet: who asked, when, the
    answer and a reference (diarienummer), never free text about persons. Information found is
    a red flag; no answer yet leaves the check pending."""
    today = today or timezone.localdate()
    if asked_on > today:
        raise CheckRefused("Datumet för frågan kan inte ligga i framtiden.")
    result = {
        CrimeAnswer.NO_INFORMATION: Result.OK,
        CrimeAnswer.INFORMATION: Result.RED_FLAG,
        CrimeAnswer.NO_ANSWER: Result.PENDING,
    }[answer]
    with set_actor(user):
        check = _save(
            provider,
            CheckKind.ORGANISED_CRIME,
            result,
            CrimeAnswer(answer).label,
            "Manuell förfrågan",
            asked_on,
        )
        check.asked_by = user
        check.asked_on = asked_on
        check.answer = answer
        check.reference = reference
        check.save()
    return check


@transaction.atomic
def mark_not_applicable(provider, kind, reason: str, user, today=None):
    """A check that does not apply (e.g. own administrations have no F-skatt), with a reason."""
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise CheckRefused("Ange skälet till att kontrollen inte är tillämplig.")
    with set_actor(user):
        check = _save(provider, kind, Result.NOT_APPLICABLE, "Ej tillämplig", "Manuell", today)
        check.not_applicable_reason = reason[:300]
        check.due_on = None
        check.save()
    return check


@transaction.atomic
def store_report(provider, parsed, origin: str, filed_on=None, user=None, today=None):
    """Store (or replace) the key figures of one financial year from a parsed iXBRL report
    (ixbrl.ParsedReport) and refresh the annual-report check: warning signs make it a
    warning. Refuses a report for another organisation number."""
    from stdnum.se import orgnr

    from .ixbrl import ReportRefused
    from .models import AnnualReport
    from .warnings import financial_warnings

    today = today or timezone.localdate()
    if orgnr.compact(parsed.org_number) != orgnr.compact(provider.org_number):
        raise ReportRefused(
            f"Årsredovisningen gäller organisationsnummer {parsed.org_number}, inte "
            f"{provider.name} ({provider.org_number}); inget sparades."
        )
    fields = {name: None for name, _ in _FIGURE_FIELDS}
    fields.update(parsed.figures)
    with set_actor(user):
        report, _ = AnnualReport.objects.update_or_create(
            provider=provider,
            period_end=parsed.period_end,
            defaults={
                **fields,
                "period_start": parsed.period_start,
                "filed_on": filed_on,
                "origin": origin,
                "audit_opinion_modified": parsed.audit_opinion_modified,
            },
        )
        reports = list(AnnualReport.objects.filter(provider=provider))
        found = financial_warnings(reports, today)
        summary = f"Räkenskapsår {parsed.period_start:%Y-%m-%d}–{parsed.period_end:%Y-%m-%d}"
        if found:
            summary += f"; {len(found)} varningstecken"
        _save(
            provider,
            CheckKind.ANNUAL_REPORT,
            Result.WARNING if found else Result.OK,
            summary,
            dict(FigureOrigin.choices)[origin],
            today,
        )
    return report


@transaction.atomic
def save_manual_figures(provider, form, user, today=None):
    """Key figures typed by hand (origin MANUAL) through the ParsedReport path, so the
    annual-report check and its warning signs are updated the same way."""
    from .ixbrl import ParsedReport

    data = form.cleaned_data
    parsed = ParsedReport(
        provider.org_number,
        data["period_start"],
        data["period_end"],
        {name: data.get(name) for name, _ in _FIGURE_FIELDS if data.get(name) is not None},
        data.get("audit_opinion_modified"),
    )
    return store_report(provider, parsed, FigureOrigin.MANUAL, data.get("filed_on"), user, today)


def _figure_fields():
    from .ixbrl import FIGURES

    return [(name, balance) for name, balance in FIGURES.values()]


_FIGURE_FIELDS = _figure_fields()


# --- Provider documents -------------------------------------------------------------------


@transaction.atomic
def add_document(provider, user, upload, data: dict, today=None):
    """Store an uploaded document for the provider after checking its bytes
    (`documents.check_file`); an iXBRL annual report also feeds its key figures
    (`store_report`, origin iXBRL) and takes its period from the file. `data` holds
    doc_type, title, period_start, period_end, expires_on. Nothing is stored on a refusal."""
    from .documents import check_file
    from .models import ProviderDocument

    checked = check_file(upload, data["doc_type"], provider.org_number)
    period_start, period_end = data.get("period_start"), data.get("period_end")
    report = None
    if checked.report is not None:
        report = store_report(provider, checked.report, FigureOrigin.IXBRL, user=user, today=today)
        period_start, period_end = checked.report.period_start, checked.report.period_end
    with set_actor(user):
        document = ProviderDocument(
            provider=provider,
            doc_type=data["doc_type"],
            title=(data.get("title") or "").strip()[:200],
            period_start=period_start,
            period_end=period_end,
            expires_on=data.get("expires_on"),
            original_name=(getattr(upload, "name", "") or "fil").rsplit("/", 1)[-1][:200],
            content_type=checked.content_type,
            size=upload.size,
            uploaded_by=user,
            annual_report=report,
        )
        upload.seek(0)
        document.file.save(document.original_name, upload, save=False)
        document.save()
    return document


@transaction.atomic
def remove_document(document, user, now=None):
    """Remove a document: the file is deleted once the change commits, the row stays with
    who removed it and when (the history of uploads and removals)."""
    from insyn.core.files import delete_on_commit

    if document.removed_at is not None:
        raise CheckRefused("Dokumentet är redan borttaget.")
    with set_actor(user):
        delete_on_commit(document.file)
        document.file = ""
        document.removed_at = now or timezone.now()
        document.removed_by = user
        document.save(update_fields=["file", "removed_at", "removed_by", "updated_at"])
    return document

"""Provider documents: which required documents are missing or expired (a named rule), and
the check of an uploaded file (docs/suppliers.md, "Provider documents").

Rule `document_gaps`: for each type in REQUIRED_DOCUMENTS (type → months), the provider must
have a document of that type that is not removed, not past its expiry date, and dated (the
end of the period it covers, else the day it was uploaded) within those months.

Example, today 2026-12-02, REQUIRED_DOCUMENTS {"insurance": 12, "quality_report": 15}: an
insurance certificate valid to 2026-11-30 → "Försäkringsbevis: gick ut 2026-11-30"; a
quality report for 2024 (period end 2024-12-31, more than 15 months ago) → "Kvalitetsberättelse
/ kvalitetsrapport: senaste avser 2024-12-31 (äldre än 15 månader)"; none at all → "saknas".
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from insyn.core.errors import DomainError
from insyn.core.files import DOCUMENT, validate_upload

from . import conf
from .constants import DocumentType
from .ixbrl import ParsedReport, parse
from .models import ProviderDocument


class DocumentRefused(DomainError):
    pass


@dataclass(frozen=True)
class DocumentGap:
    doc_type: str
    reason: str

    @property
    def label(self) -> str:
        return DocumentType(self.doc_type).label

    def __str__(self):
        return f"{self.label}: {self.reason}"


def _months_back(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    return day.replace(year=year, month=month % 12 + 1, day=min(day.day, 28))


def _dated(document) -> dt.date:
    if document.period_end:
        return document.period_end
    return timezone.localdate(document.created_at) if document.created_at else dt.date.min


def document_gaps(documents, today: dt.date, required: dict | None = None) -> list[DocumentGap]:
    """The missing or expired required documents among `documents` (one provider's), in
    REQUIRED_DOCUMENTS order (module docstring)."""
    required = conf.get("REQUIRED_DOCUMENTS") if required is None else required
    by_type = defaultdict(list)
    for document in documents:
        if document.removed_at is None:
            by_type[document.doc_type].append(document)
    gaps = []
    for doc_type, months in required.items():
        kept = by_type.get(doc_type, [])
        if not kept:
            gaps.append(DocumentGap(doc_type, "saknas"))
            continue
        valid = [d for d in kept if d.expires_on is None or d.expires_on >= today]
        if not valid:
            latest = max(d.expires_on for d in kept)
            gaps.append(DocumentGap(doc_type, f"gick ut {latest:%Y-%m-%d}"))
            continue
        newest = max(_dated(d) for d in valid)
        if newest < _months_back(today, months):
            gaps.append(
                DocumentGap(
                    doc_type, f"senaste avser {newest:%Y-%m-%d} (äldre än {months} månader)"
                )
            )
    return gaps


def without_gaps(today: dt.date, required: dict | None = None) -> Q:
    """The rule `document_gaps` as a condition on providers, for the database to decide over
    thousands of them: for each required type, a document that is kept, not past its expiry
    and dated (period end, else the upload's day) within the type's months exists. A provider
    matches exactly when `document_gaps` of its documents is empty (tested side by side);
    the gaps' reasons are worked out only for the providers shown."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Coalesce, TruncDate

    required = conf.get("REQUIRED_DOCUMENTS") if required is None else required
    condition = Q()
    for doc_type, months in required.items():
        valid = (
            ProviderDocument.objects.filter(
                provider=OuterRef("pk"), doc_type=doc_type, removed_at__isnull=True
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .annotate(dated=Coalesce("period_end", TruncDate("created_at")))
            .filter(dated__gte=_months_back(today, months))
        )
        condition &= Exists(valid)
    return condition


def gaps_by_provider(provider_ids, today: dt.date) -> dict[int, list[DocumentGap]]:
    """{provider id: gaps} for the providers with at least one gap; one query."""
    provider_ids = list(provider_ids)
    required = conf.get("REQUIRED_DOCUMENTS")
    documents = defaultdict(list)
    rows = ProviderDocument.objects.filter(
        Q(provider_id__in=provider_ids),
        doc_type__in=list(required),
        removed_at__isnull=True,
    ).only("provider_id", "doc_type", "period_end", "expires_on", "created_at", "removed_at")
    for document in rows:
        documents[document.provider_id].append(document)
    result = {}
    for provider_id in provider_ids:
        gaps = document_gaps(documents.get(provider_id, []), today, required)
        if gaps:
            result[provider_id] = gaps
    return result


@dataclass
class CheckedFile:
    content_type: str
    report: ParsedReport | None = None


def check_file(upload, doc_type: str, org_number: str) -> CheckedFile:
    """Decide what an uploaded file is from its bytes (ADR 002): a PDF, image, Office or text
    file on the allowlist within the size limit; or, for an annual report only, a digital
    annual report (iXBRL as XHTML or in a ZIP) for this organisation, which the parser must
    accept (ZIPs with path-traversal names or that unpack too large are refused there).
    Anything else (an HTML or SVG file renamed .pdf, a plain ZIP) is refused in Swedish."""
    name = getattr(upload, "name", "") or "filen"
    if upload.size > DOCUMENT.max_bytes:
        raise DocumentRefused(
            f"Filen {name} är för stor ({upload.size // 1024} kB). Största tillåtna storlek är "
            f"{DOCUMENT.max_bytes // (1024 * 1024)} MB."
        )
    try:
        return CheckedFile(validate_upload(upload, DOCUMENT))
    except ValidationError as error:
        if doc_type != DocumentType.ANNUAL_REPORT:
            raise DocumentRefused(error.messages[0]) from error
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not (data[:2] == b"PK" or b"ix:" in data[:200_000] or b"<html" in data[:4096].lower()):
        raise DocumentRefused(
            f"Filen {name} har en filtyp som inte tas emot: en årsredovisning ska vara en PDF "
            "eller en digital årsredovisning (iXBRL, XHTML eller ZIP)."
        )
    report = parse(data, org_number, name)
    content_type = "application/zip" if data[:2] == b"PK" else "application/xhtml+xml"
    return CheckedFile(content_type, report)

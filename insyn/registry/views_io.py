"""Pages for bulk import (upload, preview, confirm, templates) and export of filtered lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from insyn.core.access import get_for_user, require_perm

from .io import exporter
from .io.columns import CONTRACT_COLUMNS, SHEET_TITLES, UNIT_SHEET_COLUMNS
from .io.constants import ImportStatus, SheetKind
from .io.forms import ImportForm, max_mb
from .io.services import ImportNotPossible, confirm_import, preview_import
from .models import ImportBatch

IMPORT_PERM = "registry.import_register"
EXPORT_PERM = "registry.export_register"
# A page with more rows than this is unusable; the command prints the whole report.
REPORT_ROWS_SHOWN = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _batches_for(user):
    # A user only ever sees the files they uploaded themselves.
    return ImportBatch.objects.filter(created_by=user)


@login_required
def import_upload(request):
    require_perm(request.user, IMPORT_PERM)
    # Bound on every POST: a post with only a CSRF token must still say the file is missing.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        batch = preview_import(form.cleaned_data["file"], request.user)
        return redirect("registry:import_preview", pk=batch.pk)
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "max_mb": max_mb(),
            "sheets": [
                (SHEET_TITLES[SheetKind.UNITS], UNIT_SHEET_COLUMNS),
                (SHEET_TITLES[SheetKind.CONTRACTS], CONTRACT_COLUMNS),
            ],
            "recent": _batches_for(request.user)[:10],
        },
    )


@login_required
def import_preview(request, pk):
    batch = get_for_user(request.user, _batches_for(request.user), IMPORT_PERM, pk=pk)
    kinds = [("providers", "Utförare"), ("units", "Verksamheter"), ("contracts", "Avtal")]
    counts = [(label, batch.counts.get(key, {})) for key, label in kinds]
    return render(
        request,
        "registry/import_preview.html",
        {
            "batch": batch,
            "counts": counts,
            "report": batch.report[:REPORT_ROWS_SHOWN],
            "not_shown": max(0, len(batch.report) - REPORT_ROWS_SHOWN),
            "can_confirm": batch.status == ImportStatus.PREVIEWED,
        },
    )


@login_required
@require_POST
def import_confirm(request, pk):
    batch = get_for_user(request.user, _batches_for(request.user), IMPORT_PERM, pk=pk)
    try:
        result = confirm_import(batch, request.user)
    except ImportNotPossible as exc:
        messages.error(request, str(exc))
        return redirect("registry:import_preview", pk=batch.pk)
    if not result.stored:
        messages.error(
            request,
            "Inget importerades: registret har ändrats sedan förhandsgranskningen och filen "
            "har nu fel. Se rapporten nedan.",
        )
        return redirect("registry:import_preview", pk=batch.pk)
    messages.success(request, f"Importen är klar: {result.summary()}.")
    return redirect("registry:provider_list")


@login_required
def import_template(request):
    require_perm(request.user, IMPORT_PERM)
    handle = exporter.xlsx_file(exporter.template_sheets(), instructions=True)
    return FileResponse(
        handle, as_attachment=True, filename="insyn-importmall.xlsx", content_type=XLSX
    )


@login_required
def import_template_csv(request):
    require_perm(request.user, IMPORT_PERM)
    kind = request.GET.get("kind", SheetKind.UNITS)
    if kind not in SheetKind.values:
        raise Http404
    name = "insyn-importmall-avtal.csv" if kind == SheetKind.CONTRACTS else "insyn-importmall.csv"
    return _csv_response(exporter.template_csv_lines(kind), name)


# --- export -------------------------------------------------------------------------------


def _csv_response(lines, filename):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request, what):
    """The filtered list as CSV or XLSX: here and now when small, else ordered from the
    worker (core.documents) and shown on the document's page."""
    from insyn.core import documents as background

    from . import documents

    require_perm(request.user, EXPORT_PERM)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    name, sheet_title, columns, qs, rows_of = documents.export_spec(what, request.user, request.GET)
    if background.in_background(qs.count()):
        filters = {key: request.GET.getlist(key) for key in request.GET if key != "format"}
        document = background.request_document(
            request.user,
            documents.EXPORT,
            f"{documents.TITLES[what]} ({file_format.upper()})",
            {"what": what, "filters": filters, "format": file_format},
        )
        return redirect(document)
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        return _csv_response(exporter.csv_lines(columns, rows_of(qs)), f"{name}-{stamp}.csv")
    handle = exporter.xlsx_file([(sheet_title, columns, rows_of(qs))])
    return FileResponse(
        handle, as_attachment=True, filename=f"{name}-{stamp}.xlsx", content_type=XLSX
    )


@login_required
def provider_export(request):
    return _export(request, "providers")


@login_required
def unit_export(request):
    return _export(request, "units")


@login_required
def contract_export(request):
    return _export(request, "contracts")

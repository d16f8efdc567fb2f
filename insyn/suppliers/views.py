"""Leverantörskontroll pages: a provider's checks, the manual organised-crime check and
marking a check not applicable. Thin: reads in queries.py, writes in services.py."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from insyn.core.access import get_for_user, require_perm
from insyn.core.confirm import confirm_first
from insyn.core.errors import act
from insyn.core.files import download_response
from insyn.registry.queries import providers_for

from . import bulk_reports, queries, services, warnings
from .constants import FigureOrigin
from .documents import document_gaps
from .forms import (
    AnnualReportUploadForm,
    ManualFiguresForm,
    NotApplicableForm,
    OrganisedCrimeForm,
    ProviderDocumentForm,
    RegisterImportForm,
    ReportImportForm,
)
from .importer import ImportRefused, import_file
from .ixbrl import parse


def _provider(request, pk, perm="suppliers.view_checks"):
    return get_for_user(request.user, providers_for(request.user), perm, pk=pk)


def context_for(user, provider, today) -> dict:
    """What the panel and the page show: checks, IVO decisions, five years of key figures and
    the financial warning signs."""
    reports = queries.reports_for(user, provider)
    return {
        "provider": provider,
        "alerts": list(queries.open_alerts_for(user, provider)),
        "checks": queries.checks_for(user, provider),
        "decisions": list(queries.decisions_for(user, provider)[:20]),
        "reports": reports,
        "warnings": warnings.financial_warnings(reports, today),
        "can_record": user.has_perm("suppliers.record_check"),
    }


@login_required
def provider_checks(request, pk):
    provider = _provider(request, pk)
    context = context_for(request.user, provider, timezone.localdate())
    if context["alerts"] and context["can_record"]:
        # The units a red flag's follow-up may start for: only here, not in the panels the
        # unit and provider pages show (a provider may run thousands of units).
        units = provider.units.filter(active=True, deleted_at__isnull=True)
        context["units"] = list(units.only("pk", "name").order_by("name"))
    return render(request, "suppliers/provider.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organised_crime(request, pk):
    provider = _provider(request, pk, "suppliers.record_check")
    form = OrganisedCrimeForm(request.POST or None)
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return act(
            request,
            partial(
                services.record_organised_crime,
                provider,
                request.user,
                data["asked_on"],
                data["answer"],
                data["reference"],
            ),
            "Kontrollen är registrerad.",
            back,
        )
    return render(
        request,
        "suppliers/form.html",
        {
            "form": form,
            "title": f"Kontroll av organiserad brottslighet: {provider.name}",
            "cancel_url": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def not_applicable(request, pk):
    provider = _provider(request, pk, "suppliers.record_check")
    form = NotApplicableForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return act(
            request,
            partial(
                services.mark_not_applicable, provider, data["kind"], data["reason"], request.user
            ),
            "Kontrollen är markerad som ej tillämplig.",
            back,
        )
    return render(
        request,
        "suppliers/form.html",
        {"form": form, "title": f"Ej tillämplig kontroll: {provider.name}", "cancel_url": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_report_upload(request, pk):
    """A controller uploads an iXBRL annual report; its key figures are stored (the file is
    not kept: the figures with their year are what Insyn needs)."""
    provider = _provider(request, pk, "suppliers.record_check")
    form = AnnualReportUploadForm(request.POST or None, request.FILES or None)
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def store():
            parsed = parse(upload.read(), provider.org_number, upload.name)
            return services.store_report(
                provider, parsed, FigureOrigin.IXBRL, form.cleaned_data["filed_on"], request.user
            )

        return act(request, store, "Årsredovisningens nyckeltal är sparade.", back)
    return render(
        request,
        "suppliers/upload.html",
        {"form": form, "title": f"Ladda upp årsredovisning: {provider.name}", "cancel_url": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request):
    """Import a register file (CSV) for one source: all rows or none, with a row report."""
    require_perm(request.user, "suppliers.record_check")
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = import_file(form.cleaned_data["source"], form.cleaned_data["file"].read())
        except ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(
                request,
                f"Filen är importerad: {report.rows} rader om {report.providers} utförare.",
            )
            return redirect("suppliers:register_import")
    return render(
        request,
        "suppliers/upload.html",
        {
            "form": form,
            "errors": errors,
            "title": "Importera registeruppgifter",
            "cancel_url": reverse("registry:provider_list"),
        },
    )


def _report_preview(request, checked, token, status=200):
    return render(
        request,
        "suppliers/report_import_preview.html",
        {"preview": checked, "token": token},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request):
    """Digital annual reports in bulk: upload, then a preview row per file (bulk_reports)."""
    require_perm(request.user, "suppliers.record_check")
    # Bound on every POST: a post without files must still say the files are missing.
    form = (
        ReportImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else ReportImportForm()
    )
    if form.is_bound and form.is_valid():
        try:
            checked, token = bulk_reports.preview_upload(form.cleaned_data["files"], request.user)
        except bulk_reports.ImportRefused as refused:
            form.add_error("files", refused.message)
        else:
            return _report_preview(request, checked, token)
    return render(
        request,
        "suppliers/upload.html",
        {
            "form": form,
            "title": "Importera digitala årsredovisningar",
            "submit_label": "Förhandsgranska",
            "cancel_url": reverse("registry:provider_list"),
        },
    )


@login_required
@require_POST
def report_import_confirm(request):
    """Store the previewed reports, all or nothing; the upload is read again from where the
    preview kept it (the signed token names it), never from what the browser sends."""
    require_perm(request.user, "suppliers.record_check")
    try:
        checked = bulk_reports.confirm(request.POST.get("token", ""), request.user)
    except bulk_reports.ImportRefused as refused:
        messages.error(request, refused.message)
        return redirect("suppliers:report_import")
    if not checked.can_import:
        messages.error(
            request,
            "Inget importerades: registret har ändrats sedan förhandsgranskningen och filerna "
            "har nu fel. Se rapporten nedan.",
        )
        return _report_preview(request, checked, "")
    messages.success(request, f"Importen är klar: {len(checked.rows)} årsredovisningar är sparade.")
    return redirect("suppliers:report_import")


@login_required
@require_http_methods(["GET", "POST"])
def manual_figures(request, pk):
    """Key figures typed by hand from a PDF annual report (marked as such everywhere)."""
    provider = _provider(request, pk, "suppliers.record_check")
    form = ManualFiguresForm(request.POST or None, provider=provider)
    back = reverse("suppliers:provider_checks", args=[provider.pk])
    if request.method == "POST" and form.is_valid():
        return act(
            request,
            partial(services.save_manual_figures, provider, form, request.user),
            "Nyckeltalen är sparade (inskrivna för hand).",
            back,
        )
    return render(
        request,
        "suppliers/form.html",
        {"form": form, "title": f"Nyckeltal för hand: {provider.name}", "cancel_url": back},
    )


# --- Provider documents (staff) -------------------------------------------------------------


def documents_page(request, provider, here, *, can_change, message, **names):
    """The documents page of staff and portal alike: the upload (when allowed) and the list.

    `names` are the page's own download/remove URL names, its back link and `portal`."""
    form = ProviderDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data
        return act(
            request,
            partial(services.add_document, provider, request.user, upload["file"], upload),
            message,
            here,
        )
    documents = list(queries.documents_for(request.user, provider, removed=True))
    kept = [d for d in documents if d.removed_at is None]
    context = {
        "provider": provider,
        "documents": kept,
        "removed": [d for d in documents if d.removed_at is not None],
        "gaps": document_gaps(kept, timezone.localdate()),
        "form": form if can_change else None,
        "upload_url": here,
        **names,
    }
    return render(request, "suppliers/documents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def provider_documents(request, pk):
    """The provider's documents (and the history of removed ones); register editors upload
    here too."""
    perm = "suppliers.record_check" if request.method == "POST" else "suppliers.view_checks"
    provider = _provider(request, pk, perm)
    can_change = request.user.has_perm("suppliers.record_check")
    return documents_page(
        request,
        provider,
        reverse("suppliers:provider_documents", args=[provider.pk]),
        can_change=can_change,
        message="Dokumentet är uppladdat.",
        download_name="suppliers:provider_document_download",
        remove_name="suppliers:provider_document_remove" if can_change else "",
        back=reverse("registry:provider_detail", args=[provider.pk]),
    )


@login_required
def provider_document_download(request, pk, document_pk):
    provider = _provider(request, pk)
    document = get_object_or_404(
        queries.documents_for(request.user, provider), pk=document_pk, file__gt=""
    )
    return download_response(request, document.file, document.original_name, document)


@login_required
@require_http_methods(["POST"])
def provider_document_remove(request, pk, document_pk):
    provider = _provider(request, pk, "suppliers.record_check")
    document = get_object_or_404(queries.documents_for(request.user, provider), pk=document_pk)
    back = reverse("suppliers:provider_documents", args=[provider.pk])
    confirm = confirm_first(
        request,
        title=f"Ta bort {document}?",
        consequences=[
            "Filen tas bort och kan inte hämtas igen.",
            "Att dokumentet fanns, vem som laddade upp det och vem som tog bort det sparas.",
        ],
        confirm_label="Ta bort dokumentet",
        cancel_url=back,
    )
    if confirm is not None:
        return confirm
    return act(
        request,
        partial(services.remove_document, document, request.user),
        "Dokumentet är borttaget.",
        back,
    )

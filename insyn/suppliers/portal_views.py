"""The provider's own pages for this area: sending in its annual report (iXBRL) and its
documents (annual report, quality report, insurance certificate …)."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from insyn.core.access import require_perm
from insyn.core.confirm import confirm_first
from insyn.core.errors import act
from insyn.core.files import download_response
from insyn.registry.queries import providers_for

from . import queries, services
from .constants import FigureOrigin
from .forms import AnnualReportUploadForm
from .ixbrl import parse
from .models import AnnualReport
from .views import documents_page


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request):
    require_perm(request.user, "suppliers.upload_own_report")
    provider = providers_for(request.user).get()
    form = AnnualReportUploadForm(request.POST or None, request.FILES or None)
    here = reverse("suppliers_portal:report_upload")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def store():
            parsed = parse(upload.read(), provider.org_number, upload.name)
            return services.store_report(
                provider, parsed, FigureOrigin.IXBRL, form.cleaned_data["filed_on"], request.user
            )

        return act(request, store, "Tack! Årsredovisningen är mottagen.", here)
    years = list(
        AnnualReport.objects.filter(provider=provider)
        .order_by("-period_end")
        .values_list("period_end", flat=True)[:5]
    )
    return render(
        request,
        "suppliers/portal_upload.html",
        {"form": form, "provider": provider, "years": years, "cancel_url": reverse("portal:home")},
    )


# --- Provider documents (the provider's own) ------------------------------------------------


def _own_provider(request, perm):
    require_perm(request.user, "suppliers.upload_own_report")  # provider users only
    provider = providers_for(request.user).first()
    if provider is None:
        raise PermissionDenied
    require_perm(request.user, perm, provider)
    return provider


@login_required
@require_http_methods(["GET", "POST"])
def documents(request):
    """The own organisation's documents, what is missing or expired, and the upload form."""
    provider = _own_provider(request, "suppliers.change_documents")
    return documents_page(
        request,
        provider,
        reverse("suppliers_portal:documents"),
        can_change=True,
        message="Tack! Dokumentet är uppladdat.",
        download_name="suppliers_portal:document_download",
        remove_name="suppliers_portal:document_remove",
        back=reverse("portal:home"),
        portal=True,
    )


@login_required
def document_download(request, document_pk):
    provider = _own_provider(request, "suppliers.view_documents")
    document = get_object_or_404(
        queries.documents_for(request.user, provider), pk=document_pk, file__gt=""
    )
    return download_response(request, document.file, document.original_name, document)


@login_required
@require_http_methods(["POST"])
def document_remove(request, document_pk):
    provider = _own_provider(request, "suppliers.change_documents")
    document = get_object_or_404(queries.documents_for(request.user, provider), pk=document_pk)
    back = reverse("suppliers_portal:documents")
    confirm = confirm_first(
        request,
        title=f"Ta bort {document}?",
        consequences=[
            "Filen tas bort och kan inte hämtas igen.",
            "Kommunen ser att dokumentet fanns och vem som tog bort det.",
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

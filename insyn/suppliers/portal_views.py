"""The provider's own page for this area: sending in its annual report (iXBRL)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from insyn.core.access import require_perm
from insyn.core.errors import act
from insyn.registry.queries import providers_for

from . import services
from .constants import FigureOrigin
from .forms import AnnualReportUploadForm
from .ixbrl import parse
from .models import AnnualReport


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

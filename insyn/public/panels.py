"""Publication status and buttons on the staff unit and provider pages (see core.panels)."""

from insyn.core.panels import Panel
from insyn.followup.constants import FollowUpStatus

from . import privacy
from .forms import FollowUpPublishForm
from .models import PublishedProvider, PublishedUnit


def unit_detail(request, unit):
    if not request.user.has_perm("public.view_publication"):
        return []
    followups = list(
        unit.followups.filter(status=FollowUpStatus.DONE, performed_on__isnull=False)
        .select_related("publication")
        .order_by("-performed_on", "-pk")[:20]
    )
    for f in followups:
        # The reverse one-to-one raises (an AttributeError) when the result is unpublished.
        mark = getattr(f, "publication", None)
        f.public_mark = mark
        f.publish_form = FollowUpPublishForm(instance=mark, auto_id=f"id_public_text_{f.pk}_%s")
    return [
        Panel(
            "public/panels/unit.html",
            {
                "unit": unit,
                "mark": PublishedUnit.objects.filter(unit=unit)
                .select_related("published_by")
                .first(),
                "followups": followups,
                "problems": privacy.unit_problems(unit),
                "can_publish": request.user.has_perm("public.publish"),
                "next": request.get_full_path(),
            },
        )
    ]


def provider_detail(request, provider):
    if not request.user.has_perm("public.view_publication"):
        return []
    return [
        Panel(
            "public/panels/provider.html",
            {
                "provider": provider,
                "mark": PublishedProvider.objects.filter(provider=provider)
                .select_related("published_by")
                .first(),
                "sole_trader": privacy.is_sole_trader(provider),
                "can_publish": request.user.has_perm("public.publish"),
                "next": request.get_full_path(),
            },
        )
    ]


# The slots this app fills (insyn.core.panels.SLOTS), checked at start-up.
PANELS = {"unit_detail": unit_detail, "provider_detail": provider_detail}

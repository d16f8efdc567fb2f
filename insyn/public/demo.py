"""Demo data for the public part: a controller has published a sample of units (those with a
finished follow-up first), their finished follow-up results, and last year's summary."""

from django.db.models import Exists, OuterRef

from insyn.followup.constants import FollowUpStatus
from insyn.followup.models import FollowUp
from insyn.registry.models import Unit

from . import services
from .services import PublicationRefused


def seed(ctx):
    controllers = ctx.shared.get("controllers") or []
    if not controllers:
        ctx.log("public: ingen controller – hoppar över publicering")
        return
    controller = controllers[0]
    done = FollowUp.objects.filter(
        unit=OuterRef("pk"), status=FollowUpStatus.DONE, performed_on__isnull=False
    )
    units = list(
        Unit.objects.filter(active=True)
        .annotate(followed_up=Exists(done))
        .filter(followed_up=True)
        .select_related("provider", "category")
        .order_by("pk")
    )
    published = refused = results = 0
    for unit in ctx.rng.sample(units, min(len(units), ctx.count(60))):
        try:
            services.publish_unit(unit, controller)
        except PublicationRefused:
            refused += 1  # the demo's texts hold a name: left unpublished, as in real use
            continue
        published += 1
        for followup in unit.followups.filter(
            status=FollowUpStatus.DONE, performed_on__isnull=False
        ):
            services.publish_followup(followup, controller)
            results += 1
    services.publish_year(ctx.today.year - 1, controller)
    ctx.log(
        f"public: {published} verksamheter och {results} resultat publicerade "
        f"({refused} nekade för personuppgifter), årssammanställning {ctx.today.year - 1}"
    )

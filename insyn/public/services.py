"""Publication writes. One transaction per action, the actor set for history; a refusal
raises PublicationRefused (a DomainError) with a Swedish message and changes nothing."""

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from insyn.core.errors import DomainError
from insyn.core.history import log_action
from insyn.followup.constants import FollowUpStatus

from . import privacy, summaries
from .models import PublishedFollowUp, PublishedProvider, PublishedUnit, PublishedYear


class PublicationRefused(DomainError):
    """The message is Swedish and shown to the user as is."""


def _refuse_problems(what: str, problems: list[str]):
    if problems:
        raise PublicationRefused(
            f"{what} kan inte publiceras eftersom uppgifterna innehåller personuppgifter: "
            + " ".join(problems)
            + " Ändra uppgifterna i registret och försök igen."
        )


def _ensure_alive(obj, what):
    if obj.deleted_at is not None:
        raise PublicationRefused(f"{what} är borttagen och kan inte publiceras.")


@transaction.atomic
def publish_provider(provider, user) -> PublishedProvider:
    _ensure_alive(provider, "Utföraren")
    _refuse_problems("Utföraren", privacy.provider_problems(provider))
    with set_actor(user):
        mark, created = PublishedProvider.objects.get_or_create(
            provider=provider, defaults={"published_by": user}
        )
        if created:
            log_action(provider, "insyn.public.provider.published", user, label=provider.name)
    return mark


@transaction.atomic
def unpublish_provider(provider, user) -> int:
    """Unpublish the provider and everything of it that was published; returns the number
    of units that left the public pages with it."""
    if not PublishedProvider.objects.filter(provider=provider).exists():
        raise PublicationRefused("Utföraren är inte publicerad.")
    with set_actor(user):
        for mark in PublishedFollowUp.objects.filter(followup__unit__provider=provider):
            mark.delete()
        units = list(PublishedUnit.objects.filter(unit__provider=provider))
        for mark in units:
            mark.delete()
        PublishedProvider.objects.get(provider=provider).delete()
        log_action(
            provider,
            "insyn.public.provider.unpublished",
            user,
            {"units": len(units)},
            label=provider.name,
        )
    return len(units)


@transaction.atomic
def publish_unit(unit, user) -> PublishedUnit:
    """Publish the unit, and its provider with it when it isn't published yet (the unit page
    says who runs it). Refused when the texts hold personal data (privacy.unit_problems)."""
    _ensure_alive(unit, "Verksamheten")
    _ensure_alive(unit.provider, "Utföraren")
    _refuse_problems(f"Verksamheten {unit.name}", privacy.unit_problems(unit))
    with set_actor(user):
        _, provider_created = PublishedProvider.objects.get_or_create(
            provider=unit.provider, defaults={"published_by": user}
        )
        if provider_created:
            log_action(
                unit.provider,
                "insyn.public.provider.published",
                user,
                label=unit.provider.name,
            )
        mark, created = PublishedUnit.objects.get_or_create(
            unit=unit, defaults={"published_by": user}
        )
        if created:
            log_action(unit, "insyn.public.unit.published", user)
    return mark


@transaction.atomic
def unpublish_unit(unit, user) -> None:
    mark = PublishedUnit.objects.filter(unit=unit).first()
    if mark is None:
        raise PublicationRefused(f"Verksamheten {unit.name} är inte publicerad.")
    with set_actor(user):
        for result in PublishedFollowUp.objects.filter(followup__unit=unit):
            result.delete()
        mark.delete()
        log_action(unit, "insyn.public.unit.unpublished", user)


@transaction.atomic
def publish_followup(followup, user, public_text: str = "") -> PublishedFollowUp:
    """Publish a finished follow-up's result; the result itself is derived from its
    deficiencies (queries.public_result), so it stays current as they are remedied."""
    if followup.status != FollowUpStatus.DONE or followup.performed_on is None:
        raise PublicationRefused(
            "Bara avslutade uppföljningar med ett datum kan publiceras. Avsluta uppföljningen "
            "först."
        )
    if not PublishedUnit.objects.filter(unit_id=followup.unit_id).exists():
        raise PublicationRefused(
            f"Publicera verksamheten {followup.unit.name} först; resultatet visas på dess sida."
        )
    public_text = (public_text or "").strip()
    _refuse_problems("Resultatet", privacy.followup_text_problems(followup, public_text))
    with set_actor(user):
        mark, created = PublishedFollowUp.objects.get_or_create(
            followup=followup, defaults={"published_by": user, "public_text": public_text}
        )
        changed = not created and mark.public_text != public_text
        if changed:
            mark.public_text = public_text
            mark.published_by = user
            mark.save(update_fields=["public_text", "published_by", "updated_at"])
        if created or changed:
            log_action(followup, "insyn.public.followup.published", user)
    return mark


@transaction.atomic
def unpublish_followup(followup, user) -> None:
    mark = PublishedFollowUp.objects.filter(followup=followup).first()
    if mark is None:
        raise PublicationRefused("Resultatet av uppföljningen är inte publicerat.")
    with set_actor(user):
        mark.delete()
        log_action(followup, "insyn.public.followup.unpublished", user)


@transaction.atomic
def publish_year(year: int, user) -> PublishedYear:
    """Freeze the year's counts of finished follow-ups and publish them (again, if the year
    was published before: the counts are taken anew)."""
    if not 2000 <= year <= timezone.localdate().year:
        raise PublicationRefused(f"Året {year} kan inte publiceras.")
    counts = summaries.count_followups(year)
    with set_actor(user):
        mark, created = PublishedYear.objects.get_or_create(
            year=year, defaults={"counts": counts, "published_by": user}
        )
        if not created:
            mark.counts = counts
            mark.published_by = user
            mark.save(update_fields=["counts", "published_by", "updated_at"])
        log_action(
            mark,
            "insyn.public.year.published",
            user,
            {"followups": sum(counts.get("total", {}).values())},
        )
    return mark


@transaction.atomic
def unpublish_year(year: int, user) -> None:
    mark = PublishedYear.objects.filter(year=year).first()
    if mark is None:
        raise PublicationRefused(f"Årssammanställningen för {year} är inte publicerad.")
    with set_actor(user):
        # Logged before the delete, while the mark still has its primary key.
        log_action(mark, "insyn.public.year.unpublished", user)
        mark.delete()

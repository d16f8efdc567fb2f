"""Background jobs (django-tasks): the rating request e-mails, enqueued by services.

Imports nothing from services (services enqueue these tasks); the daily run that calls a
service is in `jobs.py`."""

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from insyn.core.links import absolute_url

from .models import Placement


@task()
def send_rating_email(placement_id: int, reminder: bool) -> bool:
    placement = (
        Placement.objects.select_related("case_worker", "unit").filter(pk=placement_id).first()
    )
    if placement is None or not placement.case_worker.email or hasattr(placement, "rating"):
        return False
    link = absolute_url(reverse("ratings:rate", args=[placement.pk]))
    subject = (
        "Påminnelse: lämna rating för placering " if reminder else "Lämna rating för placering "
    ) + placement.case_reference
    body = (
        f"Hej!\n\nPlaceringen {placement.case_reference} på {placement.unit.name} startade "
        f"{placement.start_date:%Y-%m-%d}. Besvara de fem frågorna om hur placeringen har "
        f"fungerat – det tar en minut och hjälper placeringshandläggarna att rekommendera "
        f"rätt verksamhet.\n\n{link}\n\nUtföraren ser bara ett sammanvägt resultat, aldrig "
        f"vem som har svarat.\n"
    )
    send_mail(subject, body, None, [placement.case_worker.email])
    return True

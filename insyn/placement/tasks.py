"""Background jobs (django-tasks): tell the case worker a recommendation is ready."""

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from insyn.core.links import absolute_url

from .models import Recommendation


@task()
def send_recommendation_email(recommendation_id: int) -> bool:
    recommendation = (
        Recommendation.objects.select_related("case_worker", "created_by", "category")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None or not recommendation.case_worker.email:
        return False
    reference = f" för {recommendation.case_reference}" if recommendation.case_reference else ""
    body = (
        f"Hej!\n\n{recommendation.created_by} har tagit fram en placeringsrekommendation"
        f"{reference} ({recommendation.category}, start {recommendation.start_date:%Y-%m-%d}) "
        f"med {recommendation.items.count()} verksamheter.\n\n"
        f"Läs den och ladda ner PDF:en här:\n{absolute_url(recommendation)}\n"
        f"{absolute_url(reverse('placement:recommendation_pdf', args=[recommendation.pk]))}\n"
    )
    send_mail(
        f"Placeringsrekommendation{reference}", body, None, [recommendation.case_worker.email]
    )
    return True

"""The daily rating-request run as a django-tasks task, for a worker schedule.

Kept out of tasks.py: this task calls services, and services enqueue the mail tasks in
tasks.py, so the two in one module made services ↔ tasks an import cycle."""

from django_tasks import task

from .services import send_rating_requests


@task()
def send_rating_requests_task() -> dict:
    """Run daily (cron: `manage.py send_rating_reminders`, or this task on a worker schedule)."""
    return send_rating_requests()

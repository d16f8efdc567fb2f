"""Background jobs (django-tasks): drain the outbox. Enqueued after the commit of every
change that wrote mail; `manage.py send_notifications` does the same from a timer."""

from django_tasks import task

from .sending import drain


@task()
def drain_outbox() -> dict:
    return drain()

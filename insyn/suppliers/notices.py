"""Supplier checks' notification kind (docs/notifications.md): a new red flag is told to the
responsible controllers, with a link to the provider's checks where a follow-up of one of its
units can be added with one click. Raised by `services` inside the check's transaction, once
per flag (`RedFlagAlert`). The context holds the provider's name and the check's fact in
words (never free text about persons: the organised-crime check says only "information
finns")."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from insyn.accounts.constants import Role
from insyn.accounts.models import User
from insyn.core.notices import Kind
from insyn.registry.models import Contract


def responsible_controllers(alert):
    """The active controllers who own a running contract with the provider; when none does,
    every controller (nobody may miss a red flag)."""
    today = timezone.localdate()
    running = Contract.objects.filter(provider_id=alert.provider_id, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    controllers = User.holding(Role.CONTROLLER)
    owners = list(controllers.filter(pk__in=running.values("owner_id")))
    return owners or list(controllers)


RED_FLAG = Kind(
    key="suppliers.red_flag",
    label="Röd flagga i leverantörskontrollen",
    subject="Röd flagga i leverantörskontrollen – {provider}",
    text="Leverantörskontrollen av {provider} visar {check}: {summary}. Lägg till en "
    "händelsestyrd uppföljning från leverantörskontrollen om det behövs.",
    recipients=responsible_controllers,
    link=lambda alert, user: (
        reverse("suppliers:provider_checks", args=[alert.provider_id]) + "#red-flags"
    ),
    context=lambda alert: {
        "provider": alert.provider.name,
        "check": alert.get_kind_display().lower(),
        "summary": alert.summary,
    },
    permission="suppliers.record_check",
    related=("provider",),
)

KINDS = (RED_FLAG,)

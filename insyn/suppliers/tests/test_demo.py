"""The demo's supplier data: checks, a red flag told to the controllers, and small PDF
documents with one expired and one provider with none (the start pages have gaps to show)."""

import datetime as dt

import pytest

from insyn.accounts import demo as accounts_demo
from insyn.core.demo import DemoContext
from insyn.notifications.models import Notification
from insyn.registry import demo as registry_demo
from insyn.suppliers import demo
from insyn.suppliers.documents import gaps_by_provider
from insyn.suppliers.models import ProviderDocument, RedFlagAlert

TODAY = dt.date(2026, 11, 24)


@pytest.mark.django_db
def test_demo_has_documents_a_red_flag_and_gaps(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = DemoContext(seed=2026, scale=0.05, today=TODAY, log=lambda _msg: None)
    accounts_demo.seed(ctx)
    registry_demo.seed(ctx)
    demo.seed(ctx)
    documents = list(ProviderDocument.objects.all())
    assert documents and all(d.file.read(5) == b"%PDF-" for d in documents)
    assert RedFlagAlert.objects.filter(kind="ivo").exists()
    assert Notification.objects.filter(kind="suppliers.red_flag").exists()
    gaps = gaps_by_provider({d.provider_id for d in documents} | _no_documents(ctx), TODAY)
    reasons = {g.reason.split(" ")[0] for found in gaps.values() for g in found}
    assert {"gick", "saknas"} <= reasons


def _no_documents(ctx):
    own = set(ctx.shared.get("own_providers", []))
    private = [p for p in ctx.shared.get("providers", []) if p not in own]
    return {private[3].pk} if len(private) > 3 else set()

"""The demo publishes something to look at on the public pages."""

import datetime as dt

import pytest
import time_machine

from insyn.core.demo import DemoContext
from insyn.followup import demo as followup_demo
from insyn.public import demo
from insyn.public.models import PublishedFollowUp, PublishedUnit, PublishedYear
from insyn.registry.tests.factories import UnitFactory


@pytest.mark.django_db
def test_demo_publishes_units_results_and_last_years_summary(controller):
    for _ in range(12):
        UnitFactory()
    ctx = DemoContext(seed=1, today=dt.date(2026, 6, 15), scale=0.1, log=lambda *_: None)
    ctx.shared["controllers"] = [controller]
    with time_machine.travel("2026-06-15 12:00 +02:00", tick=False):
        followup_demo.seed(ctx)
        demo.seed(ctx)
    assert PublishedUnit.objects.exists()
    assert PublishedFollowUp.objects.exists()
    assert PublishedYear.objects.filter(year=2025).exists()

"""Demo recommendations: the placement officer's searches sent to the demo case worker."""

import datetime as dt

from insyn.accounts.constants import Role
from insyn.accounts.models import User
from insyn.registry.models import Unit

from . import queries, services
from .ranking import Need


def seed(ctx):
    officers = ctx.shared.get("placement_officers") or list(
        User.objects.filter(role=Role.PLACEMENT_OFFICER)
    )
    workers = ctx.shared.get("case_workers") or list(User.objects.filter(role=Role.CASE_WORKER))
    if not officers or not workers:
        ctx.log("placement: ingen placeringshandläggare eller handläggare – hoppar över")
        return
    officer = next((u for u in officers if u.username == "placering"), officers[0])
    worker = next((u for u in workers if u.username == "handlaggare"), workers[0])
    made = 0
    category_ids = list(
        Unit.objects.filter(active=True).values_list("category_id", flat=True).distinct()
    )
    for i, category_id in enumerate(sorted(category_ids)[:3]):
        need = Need(
            category_id=category_id,
            start_date=ctx.today + dt.timedelta(days=14 + 7 * i),
            district_id=worker.org_unit_id,
        )
        rows = queries.search(officer, need, today=ctx.today)[:3]
        if rows:
            services.create_recommendation(
                need,
                rows,
                {"case_worker": worker, "case_reference": f"IFO-{ctx.today.year}-R{i + 1:03d}"},
                officer,
            )
            made += 1
    ctx.log(f"placement: {made} rekommendationer")

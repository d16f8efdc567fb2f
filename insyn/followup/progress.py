"""Progress of an annual plan during the year (årshjul): planned, done and overdue."""

from collections import OrderedDict

from django.db.models import Count, Q

from . import conf
from .constants import FollowUpStatus, PlanRule
from .forms import MONTHS


def row_state(row, plan_year, today) -> str:
    followup = getattr(row, "followup", None)
    if followup is not None and followup.status == FollowUpStatus.DONE:
        return "done"
    # Overdue once the planned month has passed without a finished follow-up.
    if (plan_year, row.month) < (today.year, today.month):
        return "overdue"
    return "planned"


def _bucket():
    return {"planned": 0, "done": 0, "overdue": 0, "total": 0}


def summarise_plan(plan, today) -> dict:
    """The same figures as summarise(), from one light query over all the plan's rows."""
    from insyn.registry.constants import OperationForm

    months = OrderedDict((number, {"name": name, **_bucket()}) for number, name in MONTHS)
    categories: dict[str, dict] = {}
    forms = {"Egen regi": _bucket(), "Privata och idéburna utförare": _bucket()}
    total = _bucket()
    # Grouped in the database (a region's plan has thousands of rows, a few hundred groups):
    # per month, category and form, how many rows and how many of them are done.
    groups = (
        plan.rows.order_by()
        .values("month", "unit__category__name", "unit__provider__operation_form")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(followup__status=FollowUpStatus.DONE)))
    )
    for group in groups:
        month = group["month"]
        own = (
            "Egen regi"
            if group["unit__provider__operation_form"] == OperationForm.OWN
            else "Privata och idéburna utförare"
        )
        late = "overdue" if (plan.year, month) < (today.year, today.month) else "planned"
        category = categories.setdefault(group["unit__category__name"], _bucket())
        for bucket in (months[month], category, forms[own], total):
            bucket["done"] += group["done"]
            bucket[late] += group["n"] - group["done"]
            bucket["total"] += group["n"]
    return {
        "months": list(months.values()),
        "categories": sorted(categories.items()),
        "forms": list(forms.items()),
        "total": total,
    }


def rule_descriptions() -> list[tuple[str, str]]:
    return [
        (
            PlanRule.NEW_CONTRACT.label,
            f"Varje avtal följs upp {conf.get('NEW_CONTRACT_AFTER_MONTHS')} månader efter start.",
        ),
        (
            PlanRule.FRAMEWORK.label,
            f"Ramavtal följs upp två gånger per {conf.get('FRAMEWORK_TERM_MONTHS') // 12}-"
            "årsperiod, "
            "efter ungefär en tredjedel och två tredjedelar av perioden.",
        ),
        (
            PlanRule.CATEGORY_COVER.label,
            "Verksamheten med högst riskpoäng i varje kategori får ett fördjupat besök.",
        ),
        (
            PlanRule.RISK.label,
            f"Övriga fördjupade besök, upp till {conf.get('PLAN_CAPACITY')} per år, går till de "
            "högsta riskpoängen. Egen regi och privata utförare bedöms lika.",
        ),
        (
            PlanRule.EVENT.label,
            "Händelsestyrda uppföljningar (t.ex. efter allvarliga synpunkter) kan läggas till även "
            "efter att planen är beslutad och markeras då.",
        ),
    ]

"""Demo report data: the five computed indicators, two entered ones in seed 002's style with
targets for this and last year, and a committee goal per social committee linked to them."""

from decimal import Decimal

from insyn.core.demo import DemoContext

from .constants import ComputedMetric, GoalLevel, IndicatorSource
from .models import Goal, Indicator, IndicatorValue

COMPUTED_TARGETS = {
    ComputedMetric.FOLLOWUPS_ON_TIME: ("%", Decimal("90"), True),
    ComputedMetric.DEFICIENCIES_IN_TIME: ("%", Decimal("80"), True),
    ComputedMetric.MEAN_RATING: ("poäng", Decimal("70"), True),
    ComputedMetric.RATING_ANSWER_RATE: ("%", Decimal("75"), True),
    ComputedMetric.COMPLAINTS_PER_100_PLACES: ("st", Decimal("5"), False),
}
ENTERED = [
    (
        "Andel brukare som är nöjda med sin insats – funktionsnedsättning",
        (Decimal("89"), Decimal("85"), Decimal("93")),
        Decimal("86"),
        Decimal("85"),
        Decimal("80"),
        "95 av 177 brukare har svarat på brukarundersökningen (54 % svarsfrekvens).",
    ),
    (
        "Brukarens upplevelse av trygghet – LSS-boende",
        (Decimal("78"), Decimal("71"), Decimal("87")),
        Decimal("72"),
        Decimal("80"),
        None,
        "Brukare i gruppboende upplever större trygghet än de som bor i servicebostad.",
    ),
]


def seed(ctx: DemoContext) -> None:
    year = ctx.today.year
    computed = []
    for order, (metric, (unit, target, higher)) in enumerate(COMPUTED_TARGETS.items()):
        indicator, _ = Indicator.objects.get_or_create(
            name=ComputedMetric(metric).label,
            defaults={
                "unit": unit,
                "source": IndicatorSource.COMPUTED,
                "metric": metric,
                "higher_is_better": higher,
                "split_by_gender": metric
                in (ComputedMetric.MEAN_RATING, ComputedMetric.RATING_ANSWER_RATE),
                "sort_order": order,
            },
        )
        IndicatorValue.objects.get_or_create(
            indicator=indicator,
            year=year,
            defaults={"annual_target": target, "period": str(year), "value": None},
        )
        computed.append(indicator)
    entered = []
    for order, (name, (total, men, women), last, target, council, analysis) in enumerate(ENTERED):
        indicator, _ = Indicator.objects.get_or_create(
            name=name, defaults={"unit": "%", "sort_order": 10 + order}
        )
        IndicatorValue.objects.get_or_create(
            indicator=indicator,
            year=year,
            defaults={
                "value": total,
                "value_men": men,
                "value_women": women,
                "annual_target": target,
                "council_target": council,
                "council_target_text": "" if council else "Tas fram av nämnd",
                "period": str(year),
                "analysis": analysis,
            },
        )
        IndicatorValue.objects.get_or_create(
            indicator=indicator, year=year - 1, defaults={"value": last}
        )
        entered.append(indicator)
    goal, created = Goal.objects.get_or_create(
        year=year,
        level=GoalLevel.COMMITTEE,
        org_unit=None,
        title="Utförare följs upp i tid och brister åtgärdas",
    )
    if created:
        goal.indicators.set(computed[:2])
    goal, created = Goal.objects.get_or_create(
        year=year,
        level=GoalLevel.COUNCIL,
        org_unit=None,
        title="Stöd och omsorg av god kvalitet där behoven är som störst",
    )
    if created:
        goal.indicators.set(entered + computed[2:3])
    ctx.log(f"reports: {len(computed) + len(entered)} indikatorer, 2 mål för {year}")

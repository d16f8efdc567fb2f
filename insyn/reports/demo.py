"""Demo report data: the five computed indicators, two entered ones in seed 002's style with
targets for this and last year, two flat goals linked to them, and a goal chain in seed 002's
style (KF:s inriktningsmål → KF:s mål → nämndmål → enhetsmål, with an activity)."""

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
    chain = seed_goal_chain(year, ctx.shared.get("committees") or [], entered, computed)
    linked = link_essential_deficiencies(ctx, year)
    ctx.log(
        f"reports: {len(computed) + len(entered)} indikatorer, 2 mål och en målkedja med "
        f"{chain} mål för {year}; {linked} brister kopplade till nämndmål"
    )


LINKED_GOAL_TITLE = "Den enskilde får en trygg och säker vård och omsorg hos utförarna"
MAX_LINKED = 5


def link_essential_deficiencies(ctx, year) -> int:
    """The council report's "påverkan på nämndens mål": a few deficiencies against essential
    requirements (followup's demo makes them) linked to a goal of their committee, as the
    controller does on the report page, through the same service. A committee without goals of
    the year gets one committee goal to link to. Returns the number linked."""
    from .council import council_report
    from .services import save_deficiency_goals

    links = {}
    for section in council_report(year):
        if section.committee is None:
            continue
        for entry in section.entries:
            if not entry.deficiencies or len(links) >= MAX_LINKED:
                continue
            choices = entry.goal_choices or [
                Goal.objects.get_or_create(
                    year=year,
                    level=GoalLevel.COMMITTEE,
                    org_unit=section.committee,
                    title=LINKED_GOAL_TITLE,
                )[0]
            ]
            deficiency = entry.deficiencies[0]
            links[deficiency.pk] = ([g.pk for g in choices], [choices[0].pk])
    user = next(iter(ctx.shared.get("controllers") or []), None)
    save_deficiency_goals(links, year, user)
    return len(links)


# Seed 002's chain, shortened: (inriktningsmål, [(KF-mål, [(nämndmål, beskrivning,
# förväntat resultat, [(enhetsmål, förväntat resultat, status)], [aktivitet])])]).
CHAIN = [
    (
        "1. En stad som håller samman med en stark och jämlik välfärd",
        [
            (
                "1.3 Kommunen ska ge stöd och omsorg där behoven är som störst",
                [
                    (
                        "Personer med funktionsnedsättning tillförsäkras självbestämmande och "
                        "möjlighet att delta på lika villkor i samhällets gemenskap",
                        "Målet uppnås genom att invånare med fysisk och psykisk "
                        "funktionsnedsättning erbjuds individuella stödinsatser av god kvalitet, "
                        "utifrån egna behov och önskemål och med hög grad av delaktighet.",
                        "En högre andel brukare är nöjda med sina insatser.\n"
                        "Fler barn och unga med funktionsnedsättning är delaktiga i planeringen "
                        "av sina insatser.\n"
                        "Fler vuxna upplever att de kan påverka insatsens utformning.",
                        [
                            (
                                "Enhetens arbete är rättssäkert, av god kvalitet och säkerställer "
                                "individens delaktighet",
                                "80 procent av tillfrågade brukare upplever att de blivit bra "
                                "bemötta av sin biståndshandläggare\n"
                                "90 procent av brukarna vet att de kan välja utförare\n"
                                "93 procent av enhetens utredningar har ett barnperspektiv",
                                "partly",
                            )
                        ],
                        [],
                    ),
                ],
            )
        ],
    ),
    (
        "3. En stad med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla",
        [
            (
                "3.3 Alla ska ha rätt till ett bra boende som de har råd med",
                [
                    (
                        "Invånarna ges förutsättningar till ett hållbart boende",
                        "Personer med osäkra boendeförhållanden ges stöd till långsiktiga "
                        "boendelösningar. Ett samordnat vräkningsförebyggande arbete bedrivs.",
                        "Fler vräkningar förhindras.\nAntalet bostadslösa minskar.\n"
                        "Kostnader för tillfälliga boenden minskar.",
                        [],
                        [
                            (
                                "Förbättra metoder och arbetssätt för försöks- och "
                                "träningslägenheter samt stödboenden.",
                                "Enhetschef, biträdande enhetschefer och samordnare deltar i "
                                "arbetet med att utveckla metoderna.",
                            )
                        ],
                    ),
                ],
            )
        ],
    ),
]


def seed_goal_chain(year, committees, entered, computed) -> int:
    """The chain above, KF:s goals for the whole municipality and the committee and unit goals
    for the first committee. Idempotent (get_or_create on year, level, title)."""
    import datetime as dt

    from .models import GoalActivity

    committee = committees[0] if committees else None
    made = 0

    def goal(level, title, parent, org_unit, **defaults):
        nonlocal made
        obj, created = Goal.objects.get_or_create(
            year=year, level=level, title=title, org_unit=org_unit,
            defaults={"parent": parent, **defaults},
        )  # fmt: skip
        made += 1
        return obj, created

    for order, (direction, council_goals) in enumerate(CHAIN, start=1):
        top, _ = goal(GoalLevel.DIRECTION, direction, None, None, sort_order=order)
        for council_title, committee_goals in council_goals:
            council, created = goal(GoalLevel.COUNCIL, council_title, top, None)
            if created and order == 1:
                council.indicators.set(entered)
            for title, description, expected, unit_goals, activities in committee_goals:
                committee_goal, created = goal(
                    GoalLevel.COMMITTEE, title, council, committee,
                    description=description, expected_results=expected,
                )  # fmt: skip
                if created and order == 1:
                    committee_goal.indicators.set(computed[2:4])
                for unit_title, unit_expected, status in unit_goals:
                    goal(
                        GoalLevel.UNIT, unit_title, committee_goal, committee,
                        expected_results=unit_expected, status=status,
                    )  # fmt: skip
                for text, analysis in activities:
                    GoalActivity.objects.get_or_create(
                        goal=committee_goal,
                        text=text,
                        defaults={
                            "start": dt.date(year - 1, 1, 1),
                            "end": dt.date(year, 12, 31),
                            "analysis": analysis,
                        },
                    )
    return made

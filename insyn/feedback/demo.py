"""Demo feedback: several years of complaints, praise, deviations and Lex Sarah reports across
the demo units, in every status, some with (fake, valid-check-digit) personnummer so masking
can be seen, plus the alerts the escalation rules raise for the last months."""

import datetime as dt

from django.utils import timezone
from stdnum import luhn

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import OrgUnit, User
from insyn.core.demo import DemoContext
from insyn.registry.models import Unit

from . import escalation, handling
from .constants import (
    CONCERN_KINDS,
    Concern,
    DeviationConcern,
    DeviationIdentifiedBy,
    DeviationSubject,
    EventType,
    Kind,
    Severity,
    Source,
    Status,
)
from .models import FeedbackEvent, FeedbackItem, FeedbackSettings, HandlingTarget

KIND_WEIGHTS = [
    (Kind.COMPLAINT, 45),
    (Kind.PRAISE, 18),
    (Kind.SUGGESTION, 10),
    (Kind.DEVIATION, 20),
    (Kind.LEX_SARAH, 5),
    (Kind.LEX_MARIA, 2),
]
SOURCE_WEIGHTS = [
    (Source.CLIENT, 40),
    (Source.RELATIVE, 30),
    (Source.STAFF, 15),
    (Source.PARTNER, 10),
    (Source.OTHER, 5),
]
SEVERITY_WEIGHTS = [
    (Severity.LOW, 35),
    (Severity.MEDIUM, 45),
    (Severity.HIGH, 15),
    (Severity.SERIOUS, 5),
]
TEXTS = {
    Concern.TREATMENT: "{who} upplevde att personalen var otrevlig och inte lyssnade.",
    Concern.STAFFING: "Många nya vikarier den senaste månaden; {who} vet inte vem som kommer.",
    Concern.DECISION: "{who} har inte fått något skriftligt beslut om ändrad insats.",
    Concern.INFORMATION: "{who} fick ingen information om att aktiviteten var inställd.",
    Concern.ROUTINES: "Medicinen delades inte ut enligt ordination till {who}.",
    Concern.QUESTION: "{who} undrar om det går att få fler aktiviteter på helger.",
    Concern.ENVIRONMENT: "Rummet var inte städat och det saknades sänglinne när {who} kom.",
    Concern.PERSONAL_DATA: "Journalanteckning om {who} skickades till fel mottagare.",
    Concern.COMPETENCE: "Personalen saknade kunskap om {who}s diagnos.",
    Concern.TECHNOLOGY: "Larmet i lägenheten fungerade inte när {who} behövde hjälp.",
    Concern.ACCESSIBILITY: "Det går inte att nå verksamheten på telefon efter kl. 15.",
    Concern.MISSED_SERVICE: "Insatsen för {who} startade tre veckor för sent.",
    Concern.OTHER: "{who} har synpunkter på maten och måltidstiderna.",
}
PRAISE = "{who} är mycket nöjd med kontaktpersonen och bemötandet."
ACTIONS = [
    "Ärendet har tagits upp på arbetsplatsträff och rutinen har förtydligats.",
    "Enhetschefen har haft samtal med berörd personal.",
    "Vi har tagit in en fast vikarie för att öka kontinuiteten.",
    "Avvikelsen är utredd och åtgärdad; uppföljning sker om en månad.",
]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def fake_personnummer(rng) -> str:
    """A made-up personnummer with a valid check digit (for demonstrating masking)."""
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 80))
    digits = f"{birth:%y%m%d}{rng.randint(0, 999):03d}"
    return f"{digits[:6]}-{digits[6:]}{luhn.calc_check_digit(digits)}"


def _users(ctx, key, role):
    users = list(ctx.shared.get(key) or [])
    return users or list(User.objects.filter(role=role, is_active=True)[:20])


def seed(ctx: DemoContext) -> None:
    units = list(Unit.objects.filter(active=True).select_related("provider", "district"))
    if not units:
        ctx.log("feedback: inga verksamheter – hoppar över synpunkter")
        return
    rng, today = ctx.rng, ctx.today
    FeedbackSettings.load()
    targets = {t.concern: (t.days, t.day_type) for t in HandlingTarget.objects.all()}
    controllers = _users(ctx, "controllers", Role.CONTROLLER)
    by_district = ctx.shared.get("case_workers_by_district") or {}
    case_workers = _users(ctx, "case_workers", Role.CASE_WORKER) or controllers
    if not controllers:
        ctx.log("feedback: inga controller – hoppar över synpunkter")
        return
    # A few units get many complaints so the escalation rule and risk scores have something.
    hot_units = rng.sample(units, k=min(len(units), max(3, ctx.count(15))))
    demo_provider_units = [u for u in units if u.provider.users.exists()][:5]
    total = ctx.count(4000)
    start = today - dt.timedelta(days=365 * 4)
    items, now = [], timezone.now()

    for n in range(total):
        if n < total // 10:
            unit = rng.choice(hot_units + demo_provider_units)
            received = today - dt.timedelta(days=rng.randint(0, 120))
        else:
            unit = rng.choice(units)
            received = start + dt.timedelta(days=rng.randint(0, (today - start).days))
        kind = _pick(rng, KIND_WEIGHTS)
        concern = rng.choice(Concern.values)
        registrant = rng.choice(by_district.get(unit.district_id) or case_workers)
        who = rng.choice(["Brukaren", "Klienten", "Den boende", "Ungdomen"])
        if rng.random() < 0.15:
            who = f"{who} ({fake_personnummer(rng)})"
        text = (PRAISE if kind == Kind.PRAISE else TEXTS[concern]).format(who=who)
        age = (today - received).days
        status = _status_for_age(rng, age)
        days, day_type = targets.get(concern, (20, "working"))
        item = FeedbackItem(
            provider=unit.provider,
            unit=unit,
            district_id=unit.district_id or registrant.org_unit_id,
            kind=kind,
            source=_pick(rng, SOURCE_WEIGHTS),
            # Lex Sarah, Lex Maria and deviations are not asked what they concerned.
            concern=concern if kind in CONCERN_KINDS else "",
            concern_other="Parkeringen vid boendet"
            if kind in CONCERN_KINDS and concern == Concern.OTHER
            else "",
            severity=_pick(rng, SEVERITY_WEIGHTS),
            received_on=received,
            text=text,
            status=status,
            due_on=handling.add_days(received, days, day_type),
            registered_by=registrant,
            reported_to_ivo=kind in (Kind.LEX_SARAH, Kind.LEX_MARIA) and rng.random() < 0.3,
        )
        if kind == Kind.DEVIATION:
            item.deviation_identified_by = rng.choice(DeviationIdentifiedBy.values)
            item.deviation_concern = rng.choice(DeviationConcern.values)
            item.deviation_subject = rng.choice(DeviationSubject.values)
        _stamp(item, rng, registrant, unit, received, today)
        items.append(item)

    # Seed 002: complaints about the ordering unit itself (beställarenheten), with
    # återkoppling and, for most, no action recorded. Part of the total, in place of the
    # last few provider items.
    own = _own_handling_items(rng, today, case_workers, min(6, max(2, total // 40)))
    items = items[: max(0, len(items) - len(own))] + own
    items = FeedbackItem.objects.bulk_create(items, batch_size=1000)
    events = []
    for item in items:
        events.append(
            FeedbackEvent(
                item=item,
                event_type=EventType.TRANSITION,
                to_status=Status.REGISTERED,
                actor=item.registered_by,
            )
        )
    FeedbackEvent.objects.bulk_create(events, batch_size=2000)
    FeedbackEvent.objects.filter(at__gte=now).update(at=now)

    alerts = 0
    for item in sorted(items, key=lambda i: i.received_on):
        if (today - item.received_on).days <= 60 and item.is_open and item.provider_id:
            alerts += len(escalation.evaluate(item))
    ctx.log(f"feedback: {len(items)} synpunkter, {alerts} larm")


OWN_HANDLING = [
    (Concern.TREATMENT, "{who} upplevde att handläggaren inte lyssnade vid uppföljningen."),
    (Concern.INFORMATION, "{who} fick inte veta att det går att välja utförare (LOV)."),
    (Concern.DECISION, "{who} har väntat länge på beslut om ledsagning."),
    (Concern.ACCESSIBILITY, "{who} når inte handläggaren på telefontiden."),
]


def _own_handling_items(rng, today, case_workers, count) -> list[FeedbackItem]:
    """Complaints about a district's ordering unit (no provider): återkoppling given, an
    action recorded only for every third."""
    district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("pk").first()
    if district is None or count <= 0:
        return []
    ordering, _ = OrgUnit.objects.get_or_create(
        parent=district,
        name="Beställarenheten för funktionsnedsättning",
        defaults={"kind": OrgUnitKind.SECTION, "code": f"{district.code}-best-fn"},
    )
    registrant = rng.choice(case_workers)
    items = []
    for n in range(count):
        received = today - dt.timedelta(days=20 + 45 * n)
        concern, text = OWN_HANDLING[n % len(OWN_HANDLING)]
        status = Status.REGISTERED if n == 0 else Status.CLOSED if n > 1 else Status.FEEDBACK_GIVEN
        days, day_type = 20, "working"
        item = FeedbackItem(
            org_unit=ordering,
            district=district,
            kind=Kind.COMPLAINT,
            source=Source.CLIENT if n % 2 == 0 else Source.RELATIVE,
            concern=concern,
            severity=Severity.MEDIUM,
            received_on=received,
            text=text.format(who=rng.choice(["Brukaren", "Den enskilde"])),
            status=status,
            due_on=handling.add_days(received, days, day_type),
            registered_by=registrant,
        )
        if status != Status.REGISTERED:
            item.feedback_given_on = received + dt.timedelta(days=7)
            item.feedback_note = "Biträdande enhetschef ringde och förklarade hur vi arbetar."
            item.feedback_given_by = registrant
            if n % 3 == 0:
                item.action_taken_on = item.feedback_given_on
                item.action_taken_note = (
                    "Frågan togs upp på APT; rutinen för LOV-information ses över."
                )
                item.action_taken_by = registrant
        if status == Status.CLOSED:
            item.closed_at = _at(received + dt.timedelta(days=10), today)
            item.closed_by = registrant
        items.append(item)
    return items


def _status_for_age(rng, age: int) -> str:
    if age > 120:
        return Status.CLOSED if rng.random() < 0.95 else Status.FEEDBACK_GIVEN
    if age > 45:
        return rng.choice([Status.CLOSED, Status.CLOSED, Status.FEEDBACK_GIVEN, Status.ANSWERED])
    if age > 10:
        return rng.choice([Status.SENT, Status.ANSWERED, Status.FEEDBACK_GIVEN, Status.CLOSED])
    return rng.choice([Status.REGISTERED, Status.SENT])


def _at(day: dt.date, today: dt.date):
    day = min(day, today)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _stamp(item, rng, registrant, unit, received, today):
    order = [Status.REGISTERED, Status.SENT, Status.ANSWERED, Status.FEEDBACK_GIVEN, Status.CLOSED]
    reached = order.index(item.status)
    day = received
    if reached >= 1:
        day += dt.timedelta(days=rng.randint(0, 5))
        item.sent_at, item.sent_by = _at(day, today), registrant
    if reached >= 2:
        day += dt.timedelta(days=rng.randint(2, 25))
        provider_user = unit.provider.users.first()
        item.provider_action = rng.choice(ACTIONS)
        item.answered_at, item.answered_by = _at(day, today), provider_user
        item.action_taken_on = min(day, today)
        item.action_taken_note, item.action_taken_by = item.provider_action, provider_user
    if reached >= 3:
        day += dt.timedelta(days=rng.randint(1, 10))
        item.feedback_given_on = min(day, today)
        item.feedback_given_by = registrant
    if reached >= 4:
        day += dt.timedelta(days=rng.randint(0, 5))
        item.closed_at, item.closed_by = _at(day, today), registrant

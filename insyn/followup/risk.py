"""Risk and materiality analysis (risk- och väsentlighetsanalys, seeds 001, 003, 004).

`score(inputs)` is the one documented rule; `gather_inputs(units)` collects its inputs in bulk.
Own units (egen regi) get exactly the same treatment as private ones: operation form is not
an input. Weights come from conf.get("RISK_WEIGHTS") / ("VULNERABILITY"); each factor's
contribution (points) is:

  value          min(the unit's share of its running contracts' annual value in MSEK
                 × value_per_msek, value_cap); a contract's value is shared over its
                 units by places (equally when none of them states places), so a 9-place
                 unit of a 36.9 MSEK contract with 36 places in all carries 9.2 MSEK
  clients        min(clients × per_place, places_cap): the clients placed there today
                 (running placements); the unit's places when none are recorded
  target group   VULNERABILITY[category code] (DEFAULT_VULNERABILITY otherwise)
  time           min(months since last finished follow-up, months_cap) × per_month_since_followup;
                 never followed up: never_followed_up
  deficiencies   open × per_open_deficiency + overdue action plans × per_overdue_action
  feedback       (last 12 months) complaints × per_complaint + Lex Sarah × per_lex_sarah
                 + serious × per_serious_feedback
  rating         (100 − mean rating 0–100) / 100 × low_rating_max; no rating: 0
  IVO permit     missing where the category requires one: missing_permit (a permit dated
                 in the last 12 months is not a risk by itself: a new permit is no warning)
  manual flag    manual_flag when a controller has flagged the unit (with a reason)
  IVO decisions  (the provider's, last 24 months; suppliers.queries.risk_facts)
                 min(Σ decisions × ivo_<kind>, ivo_cap); permit decisions count 0
  financial      min(financial warning signs × per_financial_warning, financial_cap)

The last two are listed in the explanation only when the provider has such decisions or
warning signs (like the manual flag), so a provider without supplier checks reads as before.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from insyn.core import formatting
from insyn.feedback.queries import risk_counts
from insyn.ratings.queries import rating_means, running_placement_counts
from insyn.suppliers.queries import risk_facts

from . import conf


@dataclass
class RiskInputs:
    annual_value: Decimal = Decimal(0)
    places: int = 0
    # Clients placed there today (running placements); None: not counted, 0: none recorded.
    # The clients factor counts them, and the places when there are none.
    clients: int | None = None
    category_code: str = ""
    category_name: str = ""  # what the explanation shows; the code is for the weights
    months_since_followup: int | None = None
    open_deficiencies: int = 0
    overdue_actions: int = 0
    complaints: int = 0
    lex_sarah: int = 0
    serious: int = 0
    rating_mean: Decimal | None = None
    rating_count: int = 0
    has_permit: bool = True
    manual_flag_reason: str = ""
    # {DecisionKind value: count} of the provider's IVO decisions in the last 24 months.
    ivo_decisions: dict = field(default_factory=dict)
    financial_warnings: int = 0


# IVO decision kinds (suppliers.constants.DecisionKind values) that weigh in the score, with
# their Swedish words for the explanation, in order of severity.
IVO_KINDS = (
    ("revocation", "återkallelse", "återkallelser"),
    ("fine_injunction", "vitesföreläggande", "vitesförelägganden"),
    ("injunction", "föreläggande", "förelägganden"),
    ("criticism", "kritik", "kritik"),
)


@dataclass
class RiskItem:
    label: str
    detail: str
    points: float


@dataclass
class RiskResult:
    total: float
    items: list[RiskItem] = field(default_factory=list)


def _months_between(start: dt.date, end: dt.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def load_config() -> tuple[dict, dict, float]:
    return conf.get("RISK_WEIGHTS"), conf.get("VULNERABILITY"), conf.get("DEFAULT_VULNERABILITY")


def _points(inputs: RiskInputs, config: tuple) -> list[float]:
    """Each factor's points (module docstring), rounded to 0.1, in FACTORS order: the rule's
    arithmetic, in one place. Kept free of text so bulk scoring stays fast."""
    w, vulnerability, default_vulnerability = config
    msek = float(inputs.annual_value or 0) / 1_000_000
    if inputs.months_since_followup is None:
        time_points = w["never_followed_up"]
    else:
        time_points = (
            min(inputs.months_since_followup, w["months_cap"]) * w["per_month_since_followup"]
        )
    if inputs.rating_mean is None:
        rating_points = 0.0
    else:
        rating_points = max(0.0, (100 - float(inputs.rating_mean)) / 100 * w["low_rating_max"])
    permit_points = 0.0 if inputs.has_permit else w["missing_permit"]
    parts = (
        min(msek * w["value_per_msek"], w["value_cap"]),
        min(clients_counted(inputs) * w["per_place"], w["places_cap"]),
        vulnerability.get(inputs.category_code, default_vulnerability),
        time_points,
        inputs.open_deficiencies * w["per_open_deficiency"]
        + inputs.overdue_actions * w["per_overdue_action"],
        inputs.complaints * w["per_complaint"]
        + inputs.lex_sarah * w["per_lex_sarah"]
        + inputs.serious * w["per_serious_feedback"],
        rating_points,
        permit_points,
        w["manual_flag"] if inputs.manual_flag_reason else 0.0,
        min(
            sum(inputs.ivo_decisions.get(kind, 0) * w[f"ivo_{kind}"] for kind, _, _ in IVO_KINDS),
            w["ivo_cap"],
        ),
        min(inputs.financial_warnings * w["per_financial_warning"], w["financial_cap"]),
    )
    return [round(float(p), 1) for p in parts]


FACTORS = (
    "Avtalsvärde",
    "Antal klienter",
    "Målgruppens sårbarhet",
    "Tid sedan senaste uppföljning",
    "Öppna brister och försenade handlingsplaner",
    "Klagomål och lex Sarah senaste 12 månaderna",
    "Rating",
    "IVO-tillstånd",
    "Manuell flagga",
    "IVO-beslut senaste 24 månaderna",
    "Ekonomiska varningstecken",
)
# Listed only when there is something to list (module docstring).
OPTIONAL_FACTORS = {
    "Manuell flagga",
    "IVO-beslut senaste 24 månaderna",
    "Ekonomiska varningstecken",
}


def clients_counted(inputs: RiskInputs) -> int:
    """The clients factor's count: the clients placed there, else the places (docstring)."""
    return inputs.clients if inputs.clients else inputs.places


def _clients_detail(inputs: RiskInputs) -> str:
    plural = formatting.plural
    if inputs.clients:
        return f"{inputs.clients} {plural(inputs.clients, 'placerad klient', 'placerade klienter')}"
    places = f"{inputs.places} {plural(inputs.places, 'plats', 'platser')}"
    return places if inputs.clients is None else f"{places} (inga pågående placeringar)"


def unit_value_shares(links) -> dict[int, Decimal]:
    """{unit id: its share of the contracts' annual value} from (contract id, annual value,
    unit id, places) rows, one per unit of each contract. A contract's value is shared over
    its units by places, equally when none of them states places; a unit under two contracts
    gets both shares. Example: 36,900,000 over units of 9 and 27 places gives 9,225,000 and
    27,675,000."""
    contracts: dict[int, list] = {}
    for contract_id, value, unit_id, places in links:
        contracts.setdefault(contract_id, [value or Decimal(0), []])[1].append(
            (unit_id, places or 0)
        )
    shares: dict[int, Decimal] = {}
    for value, units in contracts.values():
        total = sum(places for _, places in units)
        for unit_id, places in units:
            part = value * places / total if total else value / len(units)
            shares[unit_id] = shares.get(unit_id, Decimal(0)) + part
    return shares


def _details(inputs: RiskInputs) -> tuple[str, ...]:
    """What each factor's points were counted from, in FACTORS order (Swedish)."""
    plural = formatting.plural
    msek = float(inputs.annual_value or 0) / 1_000_000
    if inputs.rating_mean is None:
        rating = "ingen rating"
    else:
        mean = formatting.number(float(inputs.rating_mean))
        rating = f"medel {mean} av 100 ({inputs.rating_count} st)"
    permit = "finns" if inputs.has_permit else "tillstånd saknas"
    return (
        f"{formatting.number(msek, 1)} mnkr per år",
        _clients_detail(inputs),
        inputs.category_name or inputs.category_code or "okänd kategori",
        "aldrig följd upp"
        if inputs.months_since_followup is None
        else f"{inputs.months_since_followup} månader",
        f"{inputs.open_deficiencies} {plural(inputs.open_deficiencies, 'öppen', 'öppna')}, "
        f"{inputs.overdue_actions} {plural(inputs.overdue_actions, 'försenad', 'försenade')}",
        f"{inputs.complaints} klagomål, {inputs.lex_sarah} lex Sarah, {inputs.serious} "
        f"{plural(inputs.serious, 'allvarlig', 'allvarliga')}",
        rating,
        permit,
        inputs.manual_flag_reason,
        ", ".join(
            f"{n} {plural(n, one, many)}"
            for kind, one, many in IVO_KINDS
            if (n := inputs.ivo_decisions.get(kind, 0))
        ),
        f"{inputs.financial_warnings} varningstecken i årsredovisningarna"
        if inputs.financial_warnings
        else "",
    )


def score(inputs: RiskInputs, config: tuple | None = None, explain: bool = True) -> RiskResult:
    """The unit's risk score: the sum of its factors' points (module docstring).

    `config` (from load_config()) lets bulk scoring read the settings once; `explain=False`
    leaves out the item-by-item explanation (bulk use: planning and snapshots over every
    unit), with the same total.
    """
    points = _points(inputs, config or load_config())
    total = round(sum(points), 1)
    if not explain:
        return RiskResult(total=total)
    items = [
        RiskItem(label, detail, value)
        for label, detail, value in zip(FACTORS, _details(inputs), points, strict=True)
        # The manual flag is listed only when a controller has set it, the supplier-check
        # factors only when the provider has decisions or warning signs.
        if label not in OPTIONAL_FACTORS or detail
    ]
    return RiskResult(total=total, items=items)


@dataclass(slots=True)
class ScoringCategory:
    pk: int
    code: str
    name: str


@dataclass(slots=True)
class ScoringUnit:
    """What scoring and planning read of a unit; plain tuples load 50,000 units in a fraction
    of the time model instances take. Quacks like a Unit for gather_inputs."""

    pk: int
    name: str
    provider_id: int
    category_id: int
    category: ScoringCategory
    places: int | None
    ivo_permit_number: str
    ivo_permit_date: dt.date | None


def scoring_units(queryset=None) -> list[ScoringUnit]:
    from insyn.registry.models import Category, Unit

    queryset = Unit.objects.filter(active=True) if queryset is None else queryset
    categories = {c.pk: ScoringCategory(c.pk, c.code, c.name) for c in Category.objects.all()}
    rows = queryset.order_by("pk").values_list(
        "pk",
        "name",
        "provider_id",
        "category_id",
        "places",
        "ivo_permit_number",
        "ivo_permit_date",
    )
    return [
        ScoringUnit(pk, name, provider, cat, categories[cat], places, permit or "", permit_date)
        for pk, name, provider, cat, places, permit, permit_date in rows
    ]


def total_scores(units, today: dt.date | None = None) -> dict[int, float]:
    config = load_config()
    return {
        uid: score(i, config, explain=False).total for uid, i in gather_inputs(units, today).items()
    }


# --- Inputs --------------------------------------------------------------------------------


def _chunked(ids, size=900):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def gather_inputs(units, today: dt.date | None = None) -> dict[int, RiskInputs]:
    """RiskInputs per unit id, with a fixed number of queries per 900 units."""
    from insyn.registry.models import Contract

    from .models import UnitRiskFlag
    from .queries import last_followup_dates, open_deficiency_counts, overdue_action_counts

    today = today or timezone.localdate()
    units = list(units)
    ids = [u.pk for u in units]
    all_units = len(ids) > 2000  # bulk mode: aggregate over the whole table, no IN lists
    scope = None if all_units else ids

    running = Contract.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    # Each unit's share of its running contracts' value: every unit of those contracts is
    # read, since the share depends on the contract's other units' places.
    links = Contract.units.through.objects.filter(contract__in=running)
    rows = set()
    for chunk in [None] if all_units else _chunked(ids):
        qs = (
            links
            if chunk is None
            else links.filter(contract__in=links.filter(unit_id__in=chunk).values("contract_id"))
        )
        rows.update(
            qs.values_list("contract_id", "contract__annual_value", "unit_id", "unit__places")
        )
    values = unit_value_shares(sorted(rows, key=lambda r: (r[0], r[2])))
    clients = running_placement_counts(None if all_units else ids, today)
    last = last_followup_dates(scope)
    open_counts = open_deficiency_counts(scope)
    overdue = overdue_action_counts(scope, today)
    flags = dict(
        UnitRiskFlag.objects.filter(active=True).values_list("unit_id", "reason")
        if all_units
        else UnitRiskFlag.objects.filter(active=True, unit_id__in=ids).values_list(
            "unit_id", "reason"
        )
    )
    feedback: dict = {}
    ratings: dict = {}
    since = today - dt.timedelta(days=365)
    # Large chunks: the other apps' counts take IN lists; 30,000 stays under SQLite's limit.
    for chunk in _chunked(ids, 30_000):
        feedback.update(risk_counts(chunk, since))
        ratings.update(rating_means(chunk))

    provider_facts = risk_facts({u.provider_id for u in units}, today)
    permit_required = set(conf.get("PERMIT_REQUIRED_CATEGORIES"))
    result = {}
    for unit in units:
        code = unit.category.code if unit.category_id else ""
        fb = feedback.get(unit.pk) or {}
        mean, count = ratings.get(unit.pk) or (None, 0)
        last_date = last.get(unit.pk)
        result[unit.pk] = RiskInputs(
            annual_value=values.get(unit.pk, Decimal(0)),
            places=unit.places or 0,
            clients=clients.get(unit.pk, 0),
            category_code=code,
            category_name=unit.category.name if unit.category_id else "",
            months_since_followup=_months_between(last_date, today) if last_date else None,
            open_deficiencies=open_counts.get(unit.pk, 0),
            overdue_actions=overdue.get(unit.pk, 0),
            complaints=fb.get("complaints", 0),
            lex_sarah=fb.get("lex_sarah", 0),
            serious=fb.get("serious", 0),
            rating_mean=mean,
            rating_count=count,
            has_permit=bool(unit.ivo_permit_number) or code not in permit_required,
            manual_flag_reason=flags.get(unit.pk, ""),
            ivo_decisions=(provider_facts.get(unit.provider_id) or {}).get("decisions", {}),
            financial_warnings=(provider_facts.get(unit.provider_id) or {}).get("warnings", 0),
        )
    return result


def score_units(units, today: dt.date | None = None) -> dict[int, RiskResult]:
    inputs = gather_inputs(units, today)
    config = load_config()
    return {unit_id: score(i, config) for unit_id, i in inputs.items()}


def snapshot(units, today=None) -> int:
    """Store each unit's current score so dashboards can show whose risk rose."""
    from .models import RiskSnapshot

    now = timezone.now()
    scores = total_scores(units, today)
    RiskSnapshot.objects.bulk_create(
        [
            RiskSnapshot(unit_id=uid, score=Decimal(str(value)), computed_at=now)
            for uid, value in scores.items()
        ],
        batch_size=2000,
    )
    return len(scores)

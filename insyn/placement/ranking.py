"""The ranking of units for a placement need: one documented function, `rank()`.

A unit is a candidate only if it **fits** the need's hard criteria (`fits()`): active unit of an
active provider, the wanted category, a target age span that covers the client's age span, a
target gender that admits the client, and a price per day not above the ceiling (the
framework price when the unit is in a running framework agreement, else the price
indication; a unit without any price is kept and marked "pris saknas").

Each candidate then gets points, weights from `conf.RANKING_WEIGHTS` (overridable in
settings.INSYN["PLACEMENT_RANKING_WEIGHTS"]), and the list is sorted by points, highest first
(ties: lower price, then name). The weights are chosen so the order of importance is the
one the placement unit asked for — fit, then framework agreement, rating, price, distance:

1. fit — vacancies by the start date: free places confirmed within VACANCY_FRESH_DAYS before
   the wanted start date 40, free places with an older confirmation 25, vacancies not
   reported 10, no free places 0; plus 10 per word of the wanted focus found in the unit's
   focus, target needs or description (at most 30);
2. framework agreement running on the start date: 20;
3. rating: 15 × the unit's mean rating / 100 (0 when hidden below the minimum count);
4. price: 10 × (reference − price) / reference, where the reference is the price ceiling,
   or without a ceiling the highest price among the candidates; no price gives 0;
5. distance — we have no coordinates, so distance is administrative: same district as the
   need 6, same municipality 3, elsewhere 0;
6. risk signals subtract: 3 per open deficiency (at most 15) and 5 per serious feedback
   item or Lex Sarah report in the last PLACEMENT_FEEDBACK_DAYS (at most 15).

Every row carries its reasons (Swedish, with points) so the officer sees why it ranks there.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from insyn.registry.constants import TargetGender

from . import conf

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Need:
    category_id: int
    start_date: dt.date
    age_min: int | None = None
    age_max: int | None = None
    gender: str = "any"
    focus: str = ""
    district_id: int | None = None
    municipality: str = ""
    max_price: Decimal | None = None

    @property
    def focus_words(self) -> list[str]:
        words = re.split(r"[\s,;/]+", self.focus.lower())
        return [w for w in dict.fromkeys(words) if len(w) >= 3]


class _ProviderFacts:
    __slots__ = ("active",)

    def __init__(self, active):
        self.active = active


class UnitFacts:
    """What rank() reads about a unit, from one `values_list` row (a Unit works as well)."""

    FIELDS = (
        "pk", "name", "active", "provider__active", "category_id", "target_age_min",
        "target_age_max", "target_gender", "focus", "target_needs", "vacancies",
        "vacancies_confirmed_on", "price_per_day_framework", "price_indication",
        "district_id", "municipality",
    )  # fmt: skip
    __slots__ = (*(f for f in FIELDS if f != "provider__active"), "provider", "description")

    @classmethod
    def fields(cls, with_description: bool) -> tuple[str, ...]:
        return (*cls.FIELDS, "description") if with_description else cls.FIELDS

    @classmethod
    def from_row(cls, fields, row):
        facts = cls()
        facts.description = ""
        for name, value in zip(fields, row, strict=True):
            if name == "provider__active":
                facts.provider = _ProviderFacts(value)
            else:
                setattr(facts, name, value)
        return facts


@dataclass
class RankingInputs:
    """Signals from other tables, by unit id; missing ids mean none."""

    ratings: dict = field(default_factory=dict)  # unit_id -> (mean | None, count)
    in_framework: dict = field(default_factory=dict)  # unit_id -> bool
    open_deficiencies: dict = field(default_factory=dict)  # unit_id -> int
    serious_feedback: dict = field(default_factory=dict)  # unit_id -> int


@dataclass
class Reason:
    text: str
    points: Decimal

    def as_dict(self):
        return {"text": self.text, "points": str(self.points)}


@dataclass
class RankedUnit:
    unit: object
    score: Decimal
    reasons: list[Reason]
    price: Decimal | None
    price_kind: str  # "ramavtal", "prisindikation" or ""
    in_framework: bool
    rating: Decimal | None
    rating_count: int
    open_deficiencies: int
    serious_feedback: int
    distance: str
    position: int = 0


def unit_price(unit, in_framework: bool) -> tuple[Decimal | None, str]:
    if in_framework and unit.price_per_day_framework is not None:
        return unit.price_per_day_framework, "ramavtal"
    if unit.price_indication is not None:
        return unit.price_indication, "prisindikation"
    if unit.price_per_day_framework is not None:
        return unit.price_per_day_framework, "ramavtal"
    return None, ""


def fits(unit, need: Need, in_framework: bool) -> bool:
    """The hard criteria (module docstring); False excludes the unit from the list."""
    if not unit.active or not unit.provider.active or unit.category_id != need.category_id:
        return False
    low = unit.target_age_min if unit.target_age_min is not None else 0
    high = unit.target_age_max if unit.target_age_max is not None else 200
    if need.age_min is not None and need.age_min < low:
        return False
    if need.age_max is not None and need.age_max > high:
        return False
    if need.age_min is not None and need.age_min > high:
        return False
    if need.age_max is not None and need.age_max < low:
        return False
    if need.gender not in ("", "any") and unit.target_gender not in (TargetGender.ANY, need.gender):
        return False
    price, _ = unit_price(unit, in_framework)
    return not (need.max_price is not None and price is not None and price > need.max_price)


def _sv(value: Decimal, decimals: int) -> str:
    """Swedish number format (1 234,50) without Babel: rank() formats thousands of rows."""
    return f"{value:,.{decimals}f}".replace(",", "\xa0").replace(".", ",")


def _q(value) -> Decimal:
    return Decimal(value).quantize(TWO, ROUND_HALF_UP)


def _vacancy(unit, need: Need, w, fresh: int) -> Reason:
    if unit.vacancies is None:
        return Reason("Lediga platser är inte rapporterade", _q(w["vacancy_unknown"]))
    if unit.vacancies == 0:
        return Reason("Inga lediga platser", _q(0))
    confirmed = unit.vacancies_confirmed_on
    if confirmed and confirmed >= need.start_date - dt.timedelta(days=fresh):
        return Reason(
            f"{unit.vacancies} lediga platser, bekräftade {confirmed:%Y-%m-%d}",
            _q(w["vacancy_confirmed"]),
        )
    when = f"{confirmed:%Y-%m-%d}" if confirmed else "okänt datum"
    return Reason(
        f"{unit.vacancies} lediga platser enligt registret (bekräftade {when}) – kontrollera",
        _q(w["vacancy_unconfirmed"]),
    )


def rank(units, need: Need, inputs: RankingInputs) -> list[RankedUnit]:
    """Rank the units that fit `need`, best first (see the module docstring for the rules)."""
    w = conf.weights()
    candidates = [u for u in units if fits(u, need, bool(inputs.in_framework.get(u.pk)))]
    prices = [unit_price(u, bool(inputs.in_framework.get(u.pk)))[0] for u in candidates]
    known = [p for p in prices if p is not None]
    reference = need.max_price if need.max_price else (max(known) if known else None)
    words = need.focus_words
    fresh = conf.get("PLACEMENT_VACANCY_FRESH_DAYS")
    rows = []
    for unit, price in zip(candidates, prices, strict=True):
        in_framework = bool(inputs.in_framework.get(unit.pk))
        reasons = [_vacancy(unit, need, w, fresh)]
        if words:
            haystack = " ".join([unit.focus, unit.target_needs, unit.description]).lower()
            matched = [word for word in words if word in haystack]
            points = min(len(matched) * w["focus_word"], w["focus_max"])
            text = (
                f"Inriktningen matchar: {', '.join(matched)}"
                if matched
                else "Inriktningen matchar inga av de sökta orden"
            )
            reasons.append(Reason(text, _q(points)))
        reasons.append(
            Reason("Ramavtal", _q(w["framework"]))
            if in_framework
            else Reason("Inget ramavtal", _q(0))
        )
        mean, count = inputs.ratings.get(unit.pk, (None, 0))
        if mean is not None:
            reasons.append(
                Reason(
                    f"Rating {_sv(mean, 1)} av 100 ({count} st)",
                    _q(w["rating"] * mean / 100),
                )
            )
        else:
            reasons.append(Reason(f"Rating visas inte ({count} st, för få)", _q(0)))
        _, price_kind = unit_price(unit, in_framework)
        if price is None:
            reasons.append(Reason("Pris saknas", _q(0)))
        else:
            points = w["price"] * (reference - price) / reference if reference else 0
            reasons.append(Reason(f"Pris {_sv(price, 2)}\xa0kr/dygn ({price_kind})", _q(points)))
        if need.district_id and unit.district_id == need.district_id:
            distance, points = "Samma stadsdel", w["same_district"]
        elif need.municipality and unit.municipality.strip().lower() == (
            need.municipality.strip().lower()
        ):
            distance, points = "Samma kommun", w["same_municipality"]
        else:
            distance, points = "Annan ort", 0
        reasons.append(Reason(distance, _q(points)))
        deficiencies = int(inputs.open_deficiencies.get(unit.pk, 0) or 0)
        if deficiencies:
            points = max(deficiencies * w["open_deficiency"], w["open_deficiency_max"])
            reasons.append(Reason(f"{deficiencies} öppna brister", _q(points)))
        serious = int(inputs.serious_feedback.get(unit.pk, 0) or 0)
        if serious:
            points = max(serious * w["serious_feedback"], w["serious_feedback_max"])
            reasons.append(Reason(f"{serious} allvarliga synpunkter/Lex Sarah", _q(points)))
        rows.append(
            RankedUnit(
                unit=unit,
                score=sum((r.points for r in reasons), Decimal(0)),
                reasons=reasons,
                price=price,
                price_kind=price_kind,
                in_framework=in_framework,
                rating=mean,
                rating_count=count,
                open_deficiencies=deficiencies,
                serious_feedback=serious,
                distance=distance,
            )
        )
    no_price = Decimal("1e12")
    rows.sort(key=lambda r: (-r.score, r.price if r.price is not None else no_price, r.unit.name))
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows

"""The ranking of units for a placement need: one documented function, `rank()`.

A unit is a candidate only if it **fits** the need's hard criteria (`fits()`): active unit of an
active provider, the wanted category, a target age span that covers the client's age span, a
target gender that admits the client, and a price per day not above the ceiling (the
framework price when the unit is in a running framework agreement, else the price
indication; a unit without any price is kept and marked "pris saknas").

A unit that fits but **lacks a required IVO permit** (`lacks_required_permit()`: its category
requires one, it is run privately or by a non-profit, and it has no permit number) is never
ranked: it is listed apart (`Ranking.without_permit`), so the officer sees it exists but it
cannot be recommended. Units run by the municipality or another public body need no permit
(they are registered with IVO instead), so they are ranked as usual.

A unit that fits but **whose permit IVO has revoked** (`RankingInputs.revoked`: the latest IVO
decision about the unit is a revocation, `insyn.suppliers.queries.revoked_unit_ids`) is never
ranked either, whatever its permit number in the register says: it is listed apart
(`Ranking.revoked`) with the date of the decision, and cannot be recommended.

Each candidate then gets points, weights from `conf.RANKING_WEIGHTS` (overridable in
settings.INSYN["PLACEMENT"]["PLACEMENT_RANKING_WEIGHTS"]), and the list is sorted by points,
highest first (ties: lower price, then name). The weights are chosen so the order of
importance is the one the placement unit asked for — fit, then framework agreement, rating,
price, distance:

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
from typing import NamedTuple

from insyn.core.formatting import plural
from insyn.registry.constants import OperationForm, TargetGender

from . import conf

TWO = Decimal("0.01")
NO_PRICE = Decimal("1e12")  # sorts units without a price after those with one


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


class UnitFacts(NamedTuple):
    """What the ranking reads about a unit: one `values_list` row (see `columns()`). A
    category can hold thousands of units, so these are plain tuples, not model instances."""

    pk: int
    name: str
    active: bool
    provider_active: bool
    category_id: int
    target_age_min: int | None
    target_age_max: int | None
    target_gender: str
    vacancies: int | None
    vacancies_confirmed_on: dt.date | None
    price_per_day_framework: Decimal | None
    price_indication: Decimal | None
    district_id: int | None
    municipality: str
    ivo_permit_number: str = ""
    operation_form: str = ""  # the provider's
    requires_permit: bool = False  # the category's
    # Read only when the need names a focus (they are the longest columns).
    focus: str = ""
    target_needs: str = ""
    description: str = ""

    @classmethod
    def columns(cls, with_focus: bool) -> tuple[str, ...]:
        """The `values_list` fields giving a row for `UnitFacts(*row)`."""
        names = cls._fields if with_focus else cls._fields[:-3]
        return tuple(_COLUMNS.get(n, n) for n in names)


_COLUMNS = {
    "provider_active": "provider__active",
    "operation_form": "provider__operation_form",
    "requires_permit": "category__requires_ivo_permit",
}
# Only providers that are "enskild verksamhet" need a permit; municipalities and regions
# register their own units with IVO instead.
PERMIT_OPERATION_FORMS = {OperationForm.PRIVATE, OperationForm.NONPROFIT}


@dataclass
class RankingInputs:
    """Signals from other tables, by unit id; missing ids mean none."""

    ratings: dict = field(default_factory=dict)  # unit_id -> (mean | None, count)
    in_framework: dict = field(default_factory=dict)  # unit_id -> bool
    open_deficiencies: dict = field(default_factory=dict)  # unit_id -> int
    serious_feedback: dict = field(default_factory=dict)  # unit_id -> int
    revoked: dict = field(default_factory=dict)  # unit_id -> date IVO revoked the permit


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
    return fits_target(unit, need) and within_ceiling(unit_price(unit, in_framework)[0], need)


def lacks_required_permit(unit) -> bool:
    """True for a unit that may not be recommended for want of an IVO permit: its category
    requires one (`Category.requires_ivo_permit`), its provider is private or non-profit
    (`PERMIT_OPERATION_FORMS`), and it has no permit number."""
    return (
        bool(unit.requires_permit)
        and unit.operation_form in PERMIT_OPERATION_FORMS
        and not (unit.ivo_permit_number or "").strip()
    )


def revoked_reason(decided_on) -> str:
    """Why a unit is listed apart: "IVO har återkallat tillståndet 2026-05-04"."""
    return f"IVO har återkallat tillståndet {decided_on:%Y-%m-%d}"


def within_ceiling(price: Decimal | None, need: Need) -> bool:
    return need.max_price is None or price is None or price <= need.max_price


def fits_target(unit, need: Need) -> bool:
    """The criteria besides the price: an active unit of an active provider, in the wanted
    category, whose target group admits the client."""
    if not unit.active or not unit.provider_active or unit.category_id != need.category_id:
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
    return need.gender in ("", "any") or unit.target_gender in (TargetGender.ANY, need.gender)


def _sv(value: Decimal, decimals: int) -> str:
    """Swedish number format (1 234,50) without Babel: rank() formats thousands of rows."""
    return f"{value:,.{decimals}f}".replace(",", "\xa0").replace(".", ",")


def _count(n: int, one: str, many: str) -> str:
    """`1 ledig plats`, `3 lediga platser`: the number with the form that agrees with it."""
    return f"{n} {plural(n, one, many)}"


def _places(vacancies: int) -> str:
    return _count(vacancies, "ledig plats", "lediga platser")


def _cents(value: Decimal) -> int:
    """Points are added up as whole hundredths: int sums are fast, and exact."""
    return int(value.quantize(TWO, ROUND_HALF_UP).scaleb(2))


def _points(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class Ranking:
    """The units of `units` that fit `need`, scored and ordered best first.

    Scoring a unit and explaining its score are one code path, `_assess()`: it writes the
    reasons only when given a list to write them to (`rows()`).

    A category can hold thousands of units, and only the best few are shown, so units are
    scored lazily and exactly: rule 1's vacancy points and rule 2's framework points (the
    "tier") are cheap to work out for every unit, and the other rules add at most a known
    amount (`_headroom`; risk signals only subtract). Units are scored a tier at a time, best
    tier first, until no unscored unit could still reach the places asked for (`top()`).

    `reference` is the price reference of rule 4; by default worked out from these units, and
    passed on when a subset of them is ranked again (so its prices score the same).
    """

    def __init__(self, units, need: Need, inputs: RankingInputs, reference=None):
        self.need, self.inputs, self.w = need, inputs, conf.weights()
        framework = inputs.in_framework
        self._candidates = []
        self.without_permit = []  # units that fit but lack a required permit, not ranked
        self.revoked = []  # units that fit but whose permit IVO has revoked, not ranked
        for unit in units:
            in_framework = bool(framework.get(unit.pk))
            if not fits(unit, need, in_framework):
                continue
            # Revoked first: the register's permit number may still be there.
            if unit.pk in inputs.revoked:
                self.revoked.append(unit)
            elif lacks_required_permit(unit):
                self.without_permit.append(unit)
            else:
                self._candidates.append((unit, in_framework, *unit_price(unit, in_framework)))
        if reference is None:
            known = [c[2] for c in self._candidates if c[2] is not None]
            reference = need.max_price if need.max_price else (max(known) if known else None)
        self.reference = reference
        self._words = need.focus_words
        fresh = conf.get("PLACEMENT_VACANCY_FRESH_DAYS")
        self._fresh_from = need.start_date - dt.timedelta(days=fresh)
        self._municipality = need.municipality.strip().lower()
        self._w = {key: weight * 100 for key, weight in self.w.items()}  # in hundredths
        self._headroom = self._most_beyond_tier()
        # Unscored candidates by tier, best last (so the next tier pops off the end).
        self._pending = sorted(
            (self._tier(candidate), index) for index, candidate in enumerate(self._candidates)
        )
        self._scored = []  # sort keys, best first: (-points, price, name, index)

    def __len__(self):
        return len(self._candidates)

    def top(self, n: int | None = None) -> list[tuple[Decimal, object]]:
        """(score, unit) of the best `n` units (all when None), best first."""
        self._score_until(n)
        return [(_points(-key[0]), self._candidates[key[3]][0]) for key in self._scored[:n]]

    def bound_after(self, n: int) -> Decimal | None:
        """The highest score a unit outside the best `n` can have; None when there is none."""
        self._score_until(n)
        bounds = [-key[0] for key in self._scored[n : n + 1]]
        if self._pending:
            bounds.append(self._pending[-1][0] + self._headroom)
        return _points(max(bounds)) if bounds else None

    def rows(self, limit: int | None = None) -> list[RankedUnit]:
        """The best `limit` units (all when None), each with the reasons for its points."""
        self._score_until(limit)
        rows = []
        for position, key in enumerate(self._scored[:limit], start=1):
            candidate = self._candidates[key[3]]
            unit, in_framework, price, price_kind = candidate
            reasons = []
            score = _points(self._assess(*candidate, reasons=reasons))
            mean, count = self.inputs.ratings.get(unit.pk, (None, 0))
            rows.append(
                RankedUnit(
                    unit=unit,
                    score=score,
                    reasons=reasons,
                    price=price,
                    price_kind=price_kind,
                    in_framework=in_framework,
                    rating=mean,
                    rating_count=count,
                    open_deficiencies=int(self.inputs.open_deficiencies.get(unit.pk, 0) or 0),
                    serious_feedback=int(self.inputs.serious_feedback.get(unit.pk, 0) or 0),
                    distance=self._distance(unit)[0],
                    position=position,
                )
            )
        return rows

    def _score_until(self, n: int | None):
        """Score whole tiers, best first, until the best `n` are known: an unscored unit can
        reach at most its tier + headroom, and must stay below the n-th score (ties would be
        decided by price and name, so an equal bound scores the tier too)."""
        pending, scored = self._pending, self._scored
        while pending and (
            n is None
            or len(scored) < n
            or (n > 0 and pending[-1][0] + self._headroom >= -scored[n - 1][0])
        ):
            tier = pending[-1][0]
            while pending and pending[-1][0] == tier:
                index = pending.pop()[1]
                candidate = self._candidates[index]
                price = candidate[2]
                scored.append(
                    (
                        -self._assess(*candidate),
                        NO_PRICE if price is None else price,
                        candidate[0].name,
                        index,
                    )
                )
            scored.sort()

    def _most_beyond_tier(self) -> int:
        """The most points (hundredths) rule 1's focus and rules 3–5 can add to a unit's tier.
        Risk signals (rule 6) only subtract: their weights are penalties."""
        w = self._w
        focus = min(len(self._words) * w["focus_word"], w["focus_max"]) if self._words else 0
        distance = max(
            w["same_district"] if self.need.district_id else 0,
            w["same_municipality"] if self._municipality else 0,
        )
        return sum(max(0, points) for points in (focus, w["rating"], w["price"], distance))

    def _tier(self, candidate) -> int:
        """Rules 1 (vacancies, without the focus) and 2, in hundredths."""
        unit, in_framework = candidate[0], candidate[1]
        framework = self._w["framework"] if in_framework else 0
        return self._w.get(self._vacancy(unit), 0) + framework

    def _vacancy(self, unit) -> str:
        """Which vacancy case of rule 1 the unit is in: the weight's name, or "none"."""
        if unit.vacancies is None:
            return "vacancy_unknown"
        if unit.vacancies == 0:
            return "none"
        confirmed = unit.vacancies_confirmed_on
        if confirmed and confirmed >= self._fresh_from:
            return "vacancy_confirmed"
        return "vacancy_unconfirmed"

    def _distance(self, unit) -> tuple[str, int]:
        """The administrative distance and its points in hundredths."""
        need, w = self.need, self._w
        if need.district_id and unit.district_id == need.district_id:
            return "Samma stadsdel", w["same_district"]
        if self._municipality and unit.municipality.strip().lower() == self._municipality:
            return "Samma kommun", w["same_municipality"]
        return "Annan ort", 0

    def _assess(self, unit, in_framework, price, price_kind, reasons=None) -> int:
        """The unit's points by rules 1–6 (module docstring), in hundredths; given a `reasons`
        list, a Reason per rule is appended to it. Texts that need formatting are only
        written then."""
        w, inputs, explain = self._w, self.inputs, reasons is not None
        parts = []  # (hundredths, text); a text to be formatted is False unless explaining

        # 1. Fit: vacancies by the start date, and the wanted focus.
        vacancies, confirmed = unit.vacancies, unit.vacancies_confirmed_on
        case = self._vacancy(unit)
        if case == "vacancy_unknown":
            parts.append((w[case], "Lediga platser är inte rapporterade"))
        elif case == "none":
            parts.append((0, "Inga lediga platser"))
        elif case == "vacancy_confirmed":
            parts.append(
                (
                    w[case],
                    explain and f"{_places(vacancies)}, bekräftade {confirmed:%Y-%m-%d}",
                )
            )
        else:
            parts.append(
                (
                    w[case],
                    explain
                    and f"{_places(vacancies)} enligt registret (bekräftade "
                    f"{f'{confirmed:%Y-%m-%d}' if confirmed else 'okänt datum'}) – kontrollera",
                )
            )
        if self._words:
            haystack = f"{unit.focus} {unit.target_needs} {unit.description}".lower()
            matched = [word for word in self._words if word in haystack]
            parts.append(
                (
                    min(len(matched) * w["focus_word"], w["focus_max"]),
                    explain
                    and (
                        f"Inriktningen matchar: {', '.join(matched)}"
                        if matched
                        else "Inriktningen matchar inga av de sökta orden"
                    ),
                )
            )
        # 2. Framework agreement.
        parts.append((w["framework"], "Ramavtal") if in_framework else (0, "Inget ramavtal"))
        # 3. Rating.
        mean, count = inputs.ratings.get(unit.pk, (None, 0))
        if mean is not None:
            parts.append(
                (
                    _cents(self.w["rating"] * mean / 100),
                    explain and f"Rating {_sv(mean, 1)} av 100 ({count} st)",
                )
            )
        else:
            parts.append((0, explain and f"Rating visas inte ({count} st, för få)"))
        # 4. Price.
        if price is None:
            parts.append((0, "Pris saknas"))
        else:
            reference = self.reference
            parts.append(
                (
                    _cents(self.w["price"] * (reference - price) / reference) if reference else 0,
                    explain and f"Pris {_sv(price, 2)}\xa0kr/dygn ({price_kind})",
                )
            )
        # 5. Distance.
        distance, cents = self._distance(unit)
        parts.append((cents, distance))
        # 6. Risk signals.
        deficiencies = int(inputs.open_deficiencies.get(unit.pk, 0) or 0)
        if deficiencies:
            cents = max(deficiencies * w["open_deficiency"], w["open_deficiency_max"])
            parts.append((cents, _count(deficiencies, "öppen brist", "öppna brister")))
        serious = int(inputs.serious_feedback.get(unit.pk, 0) or 0)
        if serious:
            cents = max(serious * w["serious_feedback"], w["serious_feedback_max"])
            text = _count(serious, "allvarlig synpunkt", "allvarliga synpunkter")
            parts.append((cents, f"{text}/Lex Sarah"))
        if explain:
            reasons.extend(Reason(text, _points(cents)) for cents, text in parts)
        return sum(cents for cents, _ in parts)


def rank(units, need: Need, inputs: RankingInputs, limit: int | None = None) -> list[RankedUnit]:
    """Rank the units that fit `need`, best first (see the module docstring for the rules):
    the best `limit` (all when None), each with its reasons."""
    return Ranking(units, need, inputs).rows(limit)

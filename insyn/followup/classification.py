"""Contract classification (seed 004): value class × impact class; high/high is strategic.

value class high  when annual value >= VALUE_HIGH_FROM (kr)
impact class high when a covered unit's category is in HIGH_IMPACT_CATEGORIES, or when the
                  covered places × the highest vulnerability weight among them >= IMPACT_HIGH_FROM
"""

from dataclasses import dataclass

from . import conf
from .constants import ImpactClass, ValueClass


@dataclass
class Classification:
    value_class: str
    impact_class: str
    impact_points: float

    @property
    def strategic(self) -> bool:
        return self.value_class == ValueClass.HIGH and self.impact_class == ImpactClass.HIGH

    @property
    def value_label(self):
        return ValueClass(self.value_class).label

    @property
    def impact_label(self):
        return ImpactClass(self.impact_class).label


def classify(annual_value, units) -> Classification:
    """`units`: the contract's units (with category loaded)."""
    value_class = (
        ValueClass.HIGH
        if annual_value is not None and annual_value >= conf.get("VALUE_HIGH_FROM")
        else ValueClass.LOW
    )
    vulnerability = conf.get("VULNERABILITY")
    default = conf.get("DEFAULT_VULNERABILITY")
    codes = [u.category.code for u in units]
    places = sum(u.places or 0 for u in units)
    worst = max((vulnerability.get(c, default) for c in codes), default=0)
    points = places * worst
    high = bool(set(codes) & set(conf.get("HIGH_IMPACT_CATEGORIES"))) or points >= conf.get(
        "IMPACT_HIGH_FROM"
    )
    return Classification(value_class, ImpactClass.HIGH if high else ImpactClass.LOW, float(points))


def classify_contract(contract) -> Classification:
    return classify(contract.annual_value, list(contract.units.all()))


def strategic_contracts(contracts):
    """The strategic contracts among `contracts` (prefetch units__category for speed)."""
    return [c for c in contracts if classify_contract(c).strategic]

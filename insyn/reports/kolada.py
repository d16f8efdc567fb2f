"""Import indicator values from a CSV in Kolada's layout: one value per KPI, municipality,
year and gender, as Kolada's API delivers them (kpi, municipality, period, gender T/K/M,
value). Our file layout (docs/reports.md):

    kpi;municipality;period;gender;value
    U28110;1480;2024;T;85,5
    U28110;1480;2024;K;88
    U28110;1480;2024;M;83,1

Semicolon or comma separated (decided by the header line), UTF-8 with or without BOM;
decimal comma or point. All-or-nothing: any error and nothing is saved; every error is
reported with its row number in Swedish.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.db import transaction

from . import conf
from .constants import IndicatorSource
from .indicators import gender_split_error
from .models import Indicator, IndicatorValue

COLUMNS = ("kpi", "municipality", "period", "gender", "value")
GENDERS = {"T": "totalt", "K": "kvinnor", "M": "män"}


@dataclass
class KoladaResult:
    errors: list[str] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _reader(text: str):
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def parse(text: str) -> tuple[dict, list[str]]:
    """({(indicator, year): {"T"|"K"|"M": Decimal}}, errors)."""
    errors: list[str] = []
    reader = _reader(text)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return {}, [
            f"Rad 1: kolumnen {', '.join(missing)} saknas. Rubrikraden ska vara "
            f"{';'.join(COLUMNS)}."
        ]
    municipality = conf.get("KOLADA_MUNICIPALITY")
    indicators = {
        i.kpi_code.strip().upper(): i
        for i in Indicator.objects.filter(source=IndicatorSource.KOLADA).exclude(kpi_code="")
    }
    values: dict = {}
    seen: dict = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        kpi, muni = row["kpi"].upper(), row["municipality"]
        period, gender, value_text = row["period"], row["gender"].upper(), row["value"]
        if not any(row.get(c) for c in COLUMNS):
            continue
        row_errors = []
        if muni.zfill(4) != municipality:
            row_errors.append(
                f"Rad {number}: kommunkoden {muni or '(tom)'} är inte kommunens ({municipality}). "
                "Filen får bara innehålla värden för den egna kommunen."
            )
        indicator = indicators.get(kpi)
        if indicator is None:
            row_errors.append(
                f"Rad {number}: nyckeltalet {kpi or '(tomt)'} finns inte bland indikatorerna "
                "som importeras från Kolada. Lägg upp indikatorn med Kolada-id eller ta bort "
                "raden."
            )
        if not re.fullmatch(r"\d{4}", period):
            row_errors.append(
                f"Rad {number}: perioden {period or '(tom)'} är inte ett årtal (t.ex. 2024)."
            )
        if gender not in GENDERS:
            row_errors.append(
                f"Rad {number}: kön {gender or '(tomt)'} ska vara T (totalt), K (kvinnor) "
                "eller M (män)."
            )
        value = parse_decimal(value_text)
        if value is None:
            row_errors.append(
                f"Rad {number}: värdet {value_text or '(tomt)'} är inte ett tal. "
                "Både decimalkomma och decimalpunkt går bra, t.ex. 85,5."
            )
        if row_errors:
            errors += row_errors
            continue
        key = (kpi, int(period), gender)
        if key in seen:
            errors.append(
                f"Rad {number}: {kpi} {period} {gender} finns redan på rad {seen[key]}. "
                "Varje nyckeltal, år och kön får bara finnas en gång."
            )
            continue
        seen[key] = number
        values.setdefault((indicator, int(period)), {})[gender] = value
    for (indicator, year), parts in values.items():
        needed = ["T", "K", "M"] if indicator.split_by_gender else ["T"]
        for gender in needed:
            if gender in parts:
                continue
            hint = (
                "Indikatorn redovisas för kvinnor och män; lägg till raden."
                if gender != "T"
                else "Lägg till raden för totalt."
            )
            errors.append(
                f"Nyckeltal {indicator.kpi_code} {year}: värde för {GENDERS[gender]} "
                f"({gender}) saknas. {hint}"
            )
        if indicator.split_by_gender:
            message = gender_split_error(
                indicator.unit, parts.get("T"), parts.get("M"), parts.get("K")
            )
            if message:
                errors.append(f"Nyckeltal {indicator.kpi_code} {year}: {message}")
    if not values and not errors:
        errors.append("Filen innehåller inga värden.")
    return values, errors


@transaction.atomic
def import_csv(text: str, user) -> KoladaResult:
    """Validate the whole file, then store every value (or nothing)."""
    values, errors = parse(text)
    if errors:
        return KoladaResult(errors=errors)
    with set_actor(user):
        for (indicator, year), parts in values.items():
            stored, _ = IndicatorValue.objects.get_or_create(
                indicator=indicator, year=year, defaults={"value": parts.get("T")}
            )
            stored.value = parts.get("T")
            stored.value_women = parts.get("K")
            stored.value_men = parts.get("M")
            stored.imported = True
            stored.updated_by = user
            stored.period = stored.period or str(year)
            stored.save()
    return KoladaResult(saved=len(values))

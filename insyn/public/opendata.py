"""The published data as files: CSV and JSON at stable URLs, and contracts as an Open
Contracting Data Standard 1.1 release package. Same rows as the pages (queries.*_row).

CSV follows the register exports (insyn.registry.io.exporter): UTF-8 with BOM, semicolons,
CRLF, written by the csv module, and any cell a spreadsheet would run as a formula
(= + - @ …) gets a leading single quote.

Every field of every file passes through the publication filter (privacy.public_value) on
its way out, whatever row or release it comes from: the OCDS file too, whose supplier names
come straight from the register.
"""

import datetime as dt
import io
import json
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from stdnum.se import orgnr

from insyn.core.spreadsheet import csv_writer
from insyn.registry.constants import ContractType
from insyn.registry.io.exporter import csv_cell

from . import conf, privacy, queries

UNIT_FIELDS = [
    ("verksamhet_id", lambda r: r.id),
    ("verksamhet", lambda r: r.name),
    ("kategori", lambda r: r.category),
    ("inriktning", lambda r: r.focus),
    ("regi", lambda r: r.regi),
    ("driftform", lambda r: r.operation_form),
    ("utforare_id", lambda r: r.provider_id),
    ("utforare", lambda r: r.provider),
    ("organisationsnummer", lambda r: r.org_number),
    (
        "avtalsperioder",
        lambda r: ", ".join(
            f"{c.kind} {c.start.isoformat()}–{c.end.isoformat() if c.end else 'tills vidare'}"
            for c in r.contracts
        ),
    ),
    (
        "senaste_uppfoljning",
        lambda r: r.followups[0].performed_on.strftime("%Y-%m") if r.followups else "",
    ),
    ("senaste_resultat", lambda r: r.followups[0].result_label if r.followups else ""),
    ("senast_uppdaterad", lambda r: r.last_updated.date()),
]

FOLLOWUP_FIELDS = [
    ("uppfoljning_id", lambda r: r.id),
    ("verksamhet_id", lambda r: r.unit_id),
    ("verksamhet", lambda r: r.unit),
    ("utforare", lambda r: r.provider),
    ("regi", lambda r: r.regi),
    ("kategori", lambda r: r.category),
    ("metod", lambda r: r.method),
    # Month precision on purpose: the page says "mars 2025", not the day of the visit.
    ("manad", lambda r: r.performed_on.strftime("%Y-%m")),
    ("resultat", lambda r: r.result),
    ("resultat_text", lambda r: r.result_label),
    ("kommentar", lambda r: r.text),
    ("publicerad", lambda r: r.published_at.date()),
]


def unit_rows():
    units = queries.units_with_details(queries.published_units().order_by("name", "pk"))
    return [queries.unit_row(u, with_details=True) for u in units]


def followup_rows():
    followups = (
        queries.published_followups()
        .select_related("publication", "unit", "unit__provider", "unit__category")
        .order_by("-performed_on", "pk")
    )
    return [queries.followup_row(f) for f in followups]


def to_csv(fields, rows) -> str:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in fields])
    for row in rows:
        writer.writerow([csv_cell(privacy.public_value(get(row))) for _, get in fields])
    return "\ufeff" + out.getvalue()


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(fields, rows, title: str) -> str:
    document = {
        "titel": title,
        "utgivare": settings.INSYN["MUNICIPALITY_NAME"],
        "licens": conf.get("LICENSE_URL"),
        "skapad": timezone.now().isoformat(timespec="seconds"),
        "poster": [{name: _json_value(get(row)) for name, get in fields} for row in rows],
    }
    return json.dumps(privacy.public_value(document), ensure_ascii=False, indent=2)


# --- OCDS ----------------------------------------------------------------------------------

SCHEME = "SE-BLV"  # Bolagsverket, the Swedish companies register (org-id.guide)
LOCAL_TZ_MIDNIGHT = dt.time(0, 0)


def _datetime(day: dt.date | None) -> str | None:
    if day is None:
        return None
    aware = timezone.make_aware(dt.datetime.combine(day, LOCAL_TZ_MIDNIGHT))
    return aware.isoformat()


def _org_id(org_number: str) -> str:
    return orgnr.compact(org_number)


def _contract_status(contract, today) -> str:
    if contract.start_date > today:
        return "pending"
    if contract.end_date and contract.end_date < today:
        return "terminated"
    return "active"


def _total_value(contract) -> Decimal | None:
    """Annual value times the contract's length in years (whole kronor); open-ended
    contracts have no total, so no value is given."""
    if contract.annual_value is None or contract.end_date is None:
        return None
    days = (contract.end_date - contract.start_date).days + 1
    total = contract.annual_value * Decimal(days) / Decimal("365.25")
    return total.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _release(contract, buyer, today) -> dict:
    prefix = conf.get("OCID_PREFIX")
    provider = contract.provider
    ocid = f"{prefix}-{contract.pk}"
    sole_trader = privacy.is_sole_trader(provider)
    if sole_trader:
        # No identifier, no name and no value: all three would describe one person.
        supplier = {"id": f"supplier-{provider.pk}", "name": privacy.public_provider_name(provider)}
    else:
        org_id = _org_id(provider.org_number)
        supplier = {
            "id": f"{SCHEME}-{org_id}",
            "name": provider.name,
            "identifier": {"scheme": SCHEME, "id": org_id, "legalName": provider.name},
        }
    period = {"startDate": _datetime(contract.start_date)}
    if contract.end_date:
        period["endDate"] = _datetime(contract.end_date)
    categories = sorted({u.category.name for u in contract.public_units})
    title = f"{contract.get_contract_type_display()} – {', '.join(categories)}"
    total = None if sole_trader else _total_value(contract)
    value = {"amount": float(total), "currency": "SEK"} if total is not None else None
    award = {
        "id": f"{ocid}-award",
        "title": title,
        "status": "active",
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": period,
    }
    agreement = {
        "id": f"{ocid}-contract",
        "awardID": award["id"],
        "title": title,
        "status": _contract_status(contract, today),
        "period": period,
    }
    if value:
        award["value"] = value
        agreement["value"] = value
    return {
        "ocid": ocid,
        "id": f"{ocid}-{contract.updated_at:%Y%m%dT%H%M%S}",
        "date": contract.updated_at.isoformat(timespec="seconds"),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "sv",
        "parties": [
            {**buyer, "roles": ["buyer", "procuringEntity"]},
            {**supplier, "roles": ["supplier"]},
        ],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": {
            "id": f"{ocid}-tender",
            "title": title,
            "status": "complete",
            "mainProcurementCategory": "services",
            "procurementMethodDetails": contract.get_contract_type_display(),
        },
        "awards": [award],
        "contracts": [agreement],
    }


def ocds_package(package_uri: str) -> dict:
    """Own units' assignments (uppdragsbeskrivning) are left out: no procurement, no
    supplier outside the municipality."""
    contracts = (
        queries.published_contracts()
        .exclude(contract_type=ContractType.ASSIGNMENT)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "units",
                queryset=queries.published_units().select_related("category"),
                to_attr="public_units",
            )
        )
        .order_by("pk")
    )
    name = settings.INSYN["MUNICIPALITY_NAME"]
    org_id = _org_id(conf.get("MUNICIPALITY_ORG_NUMBER"))
    buyer = {
        "id": f"{SCHEME}-{org_id}",
        "name": name,
        "identifier": {"scheme": SCHEME, "id": org_id, "legalName": name},
    }
    today = timezone.localdate()
    releases = [_release(c, buyer, today) for c in contracts]
    latest = max((c.updated_at for c in contracts), default=None) or timezone.now()
    return privacy.public_value(
        {
            "uri": package_uri,
            "version": "1.1",
            "publishedDate": latest.isoformat(timespec="seconds"),
            "publisher": {"name": name, "scheme": SCHEME, "uid": org_id},
            "license": conf.get("LICENSE_URL"),
            "releases": releases,
        }
    )

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
import hashlib
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

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
# Dates are the municipality's: a contract runs from the start of its first day to the end of
# its last, Swedish time (OCDS: "23:59:59" when the time of day is not known).
MUNICIPALITY_TZ = ZoneInfo("Europe/Stockholm")
START_OF_DAY = dt.time(0, 0)
END_OF_DAY = dt.time(23, 59, 59)

# OCDS procurementMethod (closed codelist) per contract type, with a Swedish detail text:
# - framework (ramavtal) and concession (entreprenad) are procured under LOU, as a rule by
#   open procedure (öppet förfarande): "open";
# - choice system (LOV): every supplier meeting the published requirements may join: "open";
# - direct award (direktupphandling): the municipality asks suppliers of its choice, without
#   a published call: "limited";
# - individual agreement (individavtal): one supplier for one client, no competition:
#   "direct" (never published today, mapped so a change of that rule cannot write garbage).
# Own units' assignments are no procurement and are left out of the package.
PROCUREMENT_METHODS = {
    ContractType.FRAMEWORK: ("open", "Ramavtal upphandlat enligt LOU"),
    ContractType.CHOICE_SYSTEM: ("open", "Valfrihetssystem enligt LOV"),
    ContractType.CONCESSION: ("open", "Entreprenad upphandlad enligt LOU"),
    ContractType.DIRECT_AWARD: ("limited", "Direktupphandling"),
    ContractType.INDIVIDUAL: ("direct", "Individavtal"),
}


def _datetime(day: dt.date | None, time: dt.time = START_OF_DAY) -> str | None:
    if day is None:
        return None
    return dt.datetime.combine(day, time, tzinfo=MUNICIPALITY_TZ).isoformat()


def _org_id(org_number: str) -> str:
    return orgnr.compact(org_number)


def _contract_status(contract, today) -> tuple[str, dt.datetime | None]:
    """The status on `today`, and when it became so (None while pending): a release that
    changes with the date must carry a new date too."""
    if contract.start_date > today:
        return "pending", None
    if contract.end_date and contract.end_date < today:
        return "terminated", dt.datetime.combine(
            contract.end_date + dt.timedelta(days=1), START_OF_DAY, tzinfo=MUNICIPALITY_TZ
        )
    return "active", dt.datetime.combine(contract.start_date, START_OF_DAY, tzinfo=MUNICIPALITY_TZ)


def _release_date(contract, status_since: dt.datetime | None) -> dt.datetime:
    """The latest change of what the release is made from: the contract, its supplier, the
    publication of its units (they give the title), and the status's turning day."""
    moments = [contract.updated_at, contract.provider.updated_at]
    moments += [u.publication.updated_at for u in contract.public_units]
    if status_since is not None:
        moments.append(status_since)
    return max(moments)


def _content_hash(release: dict) -> str:
    """A fingerprint of the release (everything but its id): the same published content and
    date give the same id, and any change gives a new one."""
    content = json.dumps(release, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode()).hexdigest()[:16]


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
        period["endDate"] = _datetime(contract.end_date, END_OF_DAY)
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
    status, status_since = _contract_status(contract, today)
    agreement = {
        "id": f"{ocid}-contract",
        "awardID": award["id"],
        "title": title,
        "status": status,
        "period": period,
    }
    if value:
        award["value"] = value
        agreement["value"] = value
    method, method_details = PROCUREMENT_METHODS.get(
        contract.contract_type, ("", contract.get_contract_type_display())
    )
    release = {
        "ocid": ocid,
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
            "procurementMethod": method,
            "procurementMethodDetails": method_details,
        },
        "awards": [award],
        "contracts": [agreement],
    }
    if not method:
        del release["tender"]["procurementMethod"]
    # The publication filter runs before hashing, so the id fingerprints what is published.
    release = privacy.public_value(release)
    date = _release_date(contract, status_since).astimezone(MUNICIPALITY_TZ)
    release["date"] = date.isoformat(timespec="seconds")
    return {"ocid": ocid, "id": f"{ocid}-{_content_hash(release)}", **release}


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
                queryset=queries.published_units().select_related("category", "publication"),
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
    latest = max(
        (dt.datetime.fromisoformat(r["date"]) for r in releases), default=None
    ) or timezone.now().astimezone(MUNICIPALITY_TZ)
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

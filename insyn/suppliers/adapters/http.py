"""HTTP clients for the outside registers (requests), configured by base URL and a token.

Every client shares `HttpService`: a timeout per request, retries with exponential back-off
on timeouts, connection errors, 429 and 5xx, a minimum interval between two calls (rate
limit), and `SourceError` with a Swedish message for everything that goes wrong, including
JSON of an unexpected shape. The JSON formats are in docs/suppliers.md.
"""

import datetime as dt
import threading
import time

import requests

from ..constants import CompanyStatus, DecisionKind
from .base import CompanyInfo, Decision, ReportDocument, SourceError, TaxInfo


class HttpService:
    name = "tjänsten"

    def __init__(
        self,
        base_url: str,
        token: str = "",
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        min_interval: float = 0.0,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self.session = session or requests.Session()
        self._lock = threading.Lock()
        self._last_call = 0.0

    def _throttle(self):
        with self._lock:
            wait = self._last_call + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_call = time.monotonic()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        problem = ""
        for attempt in range(self.retries + 1):
            self._throttle()
            try:
                response = self.session.request(
                    method,
                    f"{self.base_url}{path}",
                    headers=headers,
                    timeout=self.timeout,
                    **kwargs,
                )
            except requests.Timeout:
                problem = (
                    f"{self.name} svarade inte inom {str(self.timeout).replace('.', ',')} sekunder"
                )
            except requests.RequestException:
                problem = f"{self.name} gick inte att nå"
            else:
                code = response.status_code
                if code == 429 or code >= 500:
                    problem = f"{self.name} svarade med felkod {code}"
                elif code == 404:
                    raise SourceError(f"{self.name} känner inte till organisationen (404)")
                elif code >= 400:
                    raise SourceError(f"{self.name} avvisade frågan (felkod {code})")
                else:
                    return response
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        raise SourceError(problem)

    def json(self, method: str, path: str, **kwargs):
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as error:
            raise SourceError(f"{self.name} svarade inte med JSON") from error


def _get(data, key: str, kind, source: str):
    """data[key] of the given type, or SourceError naming the field."""
    if not isinstance(data, dict) or key not in data:
        raise SourceError(f"{source} svarade i ett oväntat format: fältet {key} saknas")
    value = data[key]
    if not isinstance(value, kind):
        raise SourceError(f"{source} svarade i ett oväntat format: fältet {key} har fel typ")
    return value


def _date(value, key: str, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise SourceError(
            f"{source} svarade i ett oväntat format: {key} är inget datum ({value!r})"
        ) from error


def _digits(org_number: str) -> str:
    return org_number.replace("-", "")


# Status codes in the Bolagsverket JSON → CompanyStatus.
COMPANY_STATUS_CODES = {
    "registrerad": CompanyStatus.REGISTERED,
    "likvidation": CompanyStatus.LIQUIDATION,
    "konkurs": CompanyStatus.BANKRUPT,
    "rekonstruktion": CompanyStatus.RECONSTRUCTION,
    "avregistrerad": CompanyStatus.STRUCK_OFF,
}

# Decision types in the IVO JSON → DecisionKind.
DECISION_CODES = {
    "tillstand": DecisionKind.PERMIT,
    "kritik": DecisionKind.CRITICISM,
    "forelaggande": DecisionKind.INJUNCTION,
    "vitesforelaggande": DecisionKind.FINE_INJUNCTION,
    "aterkallelse": DecisionKind.REVOCATION,
}


class BolagsverketHttp(HttpService):
    """Bolagsverket's "Värdefulla datamängder" shape: POST /organisationer, POST
    /dokumentlista, GET /dokument/{dokumentId} (a ZIP with the iXBRL annual report)."""

    name = "Bolagsverket"

    def organisation(self, org_number: str) -> CompanyInfo:
        data = self.json(
            "POST", "/organisationer", json={"identitetsbeteckning": _digits(org_number)}
        )
        rows = _get(data, "organisationer", list, self.name)
        if not rows:
            raise SourceError(f"{self.name} känner inte till organisationen")
        row = rows[0]
        status = _get(row, "status", dict, self.name)
        code = _get(status, "kod", str, self.name)
        if code not in COMPANY_STATUS_CODES:
            raise SourceError(f"{self.name} svarade med en okänd status: {code}")
        return CompanyInfo(
            org_number=org_number,
            name=_get(row, "organisationsnamn", str, self.name),
            status=COMPANY_STATUS_CODES[code],
            status_date=_date(status.get("datum"), "status.datum", self.name),
            board_changed_on=_date(
                row.get("styrelseAndradDatum"), "styrelseAndradDatum", self.name
            ),
        )

    def documents(self, org_number: str) -> list[ReportDocument]:
        data = self.json(
            "POST", "/dokumentlista", json={"identitetsbeteckning": _digits(org_number)}
        )
        return [
            ReportDocument(
                document_id=_get(row, "dokumentId", str, self.name),
                period_end=_date(
                    _get(row, "rapporteringsperiodTom", str, self.name),
                    "rapporteringsperiodTom",
                    self.name,
                ),
            )
            for row in _get(data, "dokument", list, self.name)
        ]

    def document(self, document_id: str) -> bytes:
        return self.request("GET", f"/dokument/{requests.utils.quote(document_id)}").content


class SkatteverketHttp(HttpService):
    """GET /registreringar/{orgnr} → {"fskatt": bool, "moms": bool, "arbetsgivare": bool}."""

    name = "Skatteverket"

    def registration(self, org_number: str) -> TaxInfo:
        data = self.json("GET", f"/registreringar/{_digits(org_number)}")
        return TaxInfo(
            org_number=org_number,
            f_tax=_get(data, "fskatt", bool, self.name),
            vat=_get(data, "moms", bool, self.name),
            employer=_get(data, "arbetsgivare", bool, self.name),
        )


class IvoHttp(HttpService):
    """GET /tillsynsbeslut?organisationsnummer=… → {"beslut": [...]}."""

    name = "IVO"

    def decisions(self, org_number: str) -> list[Decision]:
        data = self.json(
            "GET", "/tillsynsbeslut", params={"organisationsnummer": _digits(org_number)}
        )
        found = []
        for row in _get(data, "beslut", list, self.name):
            code = _get(row, "beslutstyp", str, self.name)
            if code not in DECISION_CODES:
                raise SourceError(f"{self.name} svarade med en okänd beslutstyp: {code}")
            found.append(
                Decision(
                    reference=_get(row, "diarienummer", str, self.name),
                    kind=DECISION_CODES[code],
                    decided_on=_date(
                        _get(row, "beslutsdatum", str, self.name), "beslutsdatum", self.name
                    ),
                    unit_name=row.get("verksamhet") or "",
                    summary=row.get("sammanfattning") or "",
                )
            )
        return found

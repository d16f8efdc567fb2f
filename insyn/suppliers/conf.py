"""Tunables of supplier checks, read through `core.conf.app_settings` from
`settings.INSYN["SUPPLIERS"]` (merge rules: insyn/core/conf.py)."""

from insyn.core.conf import app_settings

DEFAULTS = {
    # Days until a check is due again, per kind (CheckKind values).
    "RECHECK_DAYS": {
        "company_status": 30,
        "f_tax": 30,
        "vat": 90,
        "employer": 90,
        "ivo": 30,
        "annual_report": 365,
        "organised_crime": 365,
    },
    # Financial warning signs (warnings.py).
    "WARNINGS": {
        # Equity ratio (soliditet) below this per cent is a warning sign.
        "min_equity_ratio": 10.0,
        # An annual report not filed within this many months of the year end.
        "filing_months": 7,
        # Consecutive loss-making years (the latest ones) that make a warning sign.
        "loss_years": 2,
    },
    # Base URLs of the outside services (empty: the source is not configured and is skipped).
    # Credentials never live here: SUPPLIERS_<SOURCE>_TOKEN in the environment (docs/suppliers.md).
    "SOURCE_URLS": {"bolagsverket": "", "skatteverket": "", "ivo": ""},
    "HTTP": {
        "timeout": 10.0,  # seconds per request
        "retries": 2,  # retries after the first try (timeouts, 5xx)
        "backoff": 0.5,  # seconds; doubled on each retry
        "min_interval": 0.1,  # seconds between two calls to one service (rate limit)
    },
    # How many providers the nightly refresh checks per night (oldest check first).
    "NIGHTLY_BUDGET": 500,
    # At most this many providers are being fetched at once (threads; writes stay serial).
    "CONCURRENCY": 4,
    # IVO decisions within this many months count in the risk score.
    "IVO_MONTHS": 24,
    # Documents every provider with a running contract must have on file (documents.py):
    # DocumentType value → how many months old (its period's end, else its upload date) a
    # document may be; a document past its expiry date never counts.
    "REQUIRED_DOCUMENTS": {"insurance": 12, "quality_report": 15},
    # The bulk import of digital annual reports (bulk_reports.py): at most this many reports
    # per upload, this much uploaded in all and this much once the ZIP is unpacked; the
    # upload is kept this many seconds between the preview and "Importera".
    "REPORT_IMPORT": {
        "max_files": 200,
        "max_upload_bytes": 50 * 1024 * 1024,
        "max_unpacked_bytes": 200 * 1024 * 1024,
        "keep_seconds": 2 * 60 * 60,
    },
}

get = app_settings("SUPPLIERS", DEFAULTS).get

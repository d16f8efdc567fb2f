"""Trigram indexes for the folded free-text search (`insyn.core.search`) on PostgreSQL.

The search now compares `UPPER(REPLACE(… name, 'å', 'a') …)` so that "vardpartner" finds
"Vårdpartner"; an index serves a query only when it is built on the same expression, so the
indexes of 0004 (on `UPPER(name)`) are replaced by indexes on the folded column. The
expression is written out here, frozen as migrations must be; `test_search.py` checks that it
still equals `insyn.core.search.FOLD_SQL`. Without pg_trgm (no privilege) nothing is created:
the search stays correct, only slower (docs/deploy.md). SQLite needs no index.
"""

from django.db import migrations, transaction

FOLD_SQL = (
    "UPPER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(%s, 'å', 'a'), "
    "'Å', 'A'), 'ä', 'a'), 'Ä', 'A'), 'ö', 'o'), 'Ö', 'O'), 'é', 'e'), 'É', 'E'))"
)

INDEXES = [
    ("registry_provider_name_fold_trgm", "registry_provider", "name"),
    ("registry_provider_city_fold_trgm", "registry_provider", "city"),
    ("registry_unit_name_fold_trgm", "registry_unit", "name"),
    ("registry_unit_focus_fold_trgm", "registry_unit", "focus"),
    ("registry_contract_title_fold_trgm", "registry_contract", "title"),
]
OLD_INDEXES = [
    ("registry_provider_name_trgm", "registry_provider", "name"),
    ("registry_provider_city_trgm", "registry_provider", "city"),
    ("registry_unit_name_trgm", "registry_unit", "name"),
    ("registry_unit_focus_trgm", "registry_unit", "focus"),
    ("registry_contract_title_trgm", "registry_contract", "title"),
]


def _has_trigram(schema_editor) -> bool:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no privilege: search stays correct, only slower
        return False
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_trigram(schema_editor):
        return
    for name, table, column in INDEXES:
        expression = FOLD_SQL % column
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
        )
    for name, _table, _column in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if not _has_trigram(schema_editor):
        return
    for name, table, column in OLD_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_category_requires_ivo_permit")]

    operations = [migrations.RunPython(create, drop)]

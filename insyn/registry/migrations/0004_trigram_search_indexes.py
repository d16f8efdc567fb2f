"""Trigram indexes for the register's free-text search on PostgreSQL.

`name__icontains` becomes `UPPER(name) LIKE UPPER('%…%')`, which no B-tree index can serve;
a GIN trigram index on UPPER(column) can. SQLite has no such index and needs none at the
size one district works with, so this migration does nothing there. Creating the pg_trgm
extension needs a privileged role: if it is refused, the search still works, only slower
(see docs/deploy.md).
"""

from django.db import migrations, transaction

INDEXES = [
    ("registry_provider_name_trgm", "registry_provider", "name"),
    ("registry_provider_city_trgm", "registry_provider", "city"),
    ("registry_unit_name_trgm", "registry_unit", "name"),
    ("registry_unit_focus_trgm", "registry_unit", "focus"),
    ("registry_contract_title_trgm", "registry_contract", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no privilege: search stays correct, only slower
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_importbatch")]

    operations = [migrations.RunPython(create, drop)]

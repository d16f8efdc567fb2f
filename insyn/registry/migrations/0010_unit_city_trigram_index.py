"""A trigram index on the units' folded city, as 0007 made for their name and focus.

The unit list's free-text search also looks in the unit's city; without this index
PostgreSQL folded and compared the city of all 50,000 units of a region on every search
(27 of the search's 50 ms, issue 16). The expression is frozen here as in 0007 (the test in
insyn/core/tests/test_search.py compares 0007's with `insyn.core.search.FOLD_SQL`).
Without pg_trgm (no privilege) nothing is created; SQLite needs no index.
"""

from django.db import migrations, transaction

FOLD_SQL = (
    "UPPER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(%s, 'å', 'a'), "
    "'Å', 'A'), 'ä', 'a'), 'Ä', 'A'), 'ö', 'o'), 'Ö', 'O'), 'é', 'e'), 'É', 'E'))"
)
NAME = "registry_unit_city_fold_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no privilege: search stays correct, only slower
        return
    expression = FOLD_SQL % "city"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON registry_unit "
        f"USING gin (({expression}) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_contract_committee_parts")]

    operations = [migrations.RunPython(create, drop)]

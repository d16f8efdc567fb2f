"""How Insyn's connections to PostgreSQL are set up (insyn/settings.py)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgres_connections_run_without_jit():
    # Short page queries: compiling them cost a quarter of a region's search (issue 16).
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

"""The data migration gives every existing municipal user exactly one membership from their
role and unit (no loss), and provider staff none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from insyn.registry.tests.factories import ProviderFactory

BEFORE = [("accounts", "0003_membership")]
AFTER = [("accounts", "0004_one_membership_per_existing_user")]


# Serialized rollback: the flush after this test then leaves the tables empty instead of
# re-creating the content types with new ids, which the next serialized-rollback test
# (tests/test_schemathesis.py) could not restore over.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_users_get_one_membership_each():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User, OrgUnit = old.get_model("accounts", "User"), old.get_model("accounts", "OrgUnit")
    angered = OrgUnit.objects.create(name="Angered", kind="district")
    User.objects.create(username="eva", role="coordinator", org_unit=angered)
    User.objects.create(username="olof", role="controller")
    # The registry's tables are at their latest state (only accounts was migrated back).
    provider = ProviderFactory()
    User.objects.create(username="utf", role="provider", provider_id=provider.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Membership = new.get_model("accounts", "Membership")
    rows = set(Membership.objects.values_list("user__username", "role", "org_unit__name"))
    assert rows == {("eva", "coordinator", "Angered"), ("olof", "controller", None)}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

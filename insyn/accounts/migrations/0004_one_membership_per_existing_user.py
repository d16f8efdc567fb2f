"""Every existing municipal user gets exactly one membership from their role and org unit
(no loss: no unit stays "no unit", which is the whole municipality, as rights were before).
Provider staff get none: their organisation is `User.provider`."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.bulk_create(
        [
            Membership(user_id=pk, role=role, org_unit_id=org_unit_id)
            for pk, role, org_unit_id in User.objects.exclude(role="provider").values_list(
                "pk", "role", "org_unit_id"
            )
        ],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    apps.get_model("accounts", "Membership").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_membership")]

    operations = [migrations.RunPython(forwards, backwards)]

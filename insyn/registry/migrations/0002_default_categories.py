from django.db import migrations

from insyn.registry.constants import DEFAULT_CATEGORIES


def add_categories(apps, schema_editor):
    Category = apps.get_model("registry", "Category")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]

from django.db import migrations


def load_defaults(apps, schema_editor):
    from insyn.questionnaires.defaults import load

    load(apps.get_model("questionnaires", "Template"), apps.get_model("questionnaires", "Question"))


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]

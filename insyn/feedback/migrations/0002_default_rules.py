"""Default rules: one handling-time target per category, and the settings row."""

from django.db import migrations

# Working days unless the category calls for a faster answer (personal data incidents and
# missed services affect the person right now).
DEFAULT_TARGETS = {
    "personal_data": (10, "working"),
    "missed_service": (10, "working"),
}
CONCERNS = [
    "other",
    "staffing",
    "treatment",
    "decision",
    "information",
    "routines",
    "question",
    "environment",
    "personal_data",
    "competence",
    "technology",
    "accessibility",
    "missed_service",
]


def create(apps, schema_editor):
    HandlingTarget = apps.get_model("feedback", "HandlingTarget")
    FeedbackSettings = apps.get_model("feedback", "FeedbackSettings")
    for concern in CONCERNS:
        days, day_type = DEFAULT_TARGETS.get(concern, (20, "working"))
        HandlingTarget.objects.get_or_create(
            concern=concern, defaults={"days": days, "day_type": day_type}
        )
    FeedbackSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

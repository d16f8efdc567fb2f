from django.db import migrations

from insyn.ratings.constants import DEFAULT_QUESTIONS


def create_default(apps, schema_editor):
    Questionnaire = apps.get_model("ratings", "RatingQuestionnaire")
    Question = apps.get_model("ratings", "RatingQuestion")
    Alternative = apps.get_model("ratings", "RatingAlternative")
    if Questionnaire.objects.exists():
        return
    questionnaire = Questionnaire.objects.create(
        version=1, title="Rating efter placering", is_active=True
    )
    for q_order, (key, text, alternatives) in enumerate(DEFAULT_QUESTIONS, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire, key=key, text=text, order=q_order
        )
        for a_order, (label, points) in enumerate(alternatives, start=1):
            Alternative.objects.create(question=question, label=label, points=points, order=a_order)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]

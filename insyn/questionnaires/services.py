"""Writes for templates. A template that a follow-up has used is never changed in place:
the edit goes to a new version, and the follow-ups keep the version they used."""

from auditlog.context import set_actor
from django.db import transaction

from .models import Question, Template


def is_in_use(template) -> bool:
    """Used by a finished follow-up (the issue's rule) or by any follow-up with answers: both
    would change meaning if the questions changed under them."""
    from insyn.followup.constants import FollowUpStatus

    return template.followups.filter(status=FollowUpStatus.DONE).exists() or (
        template.followups.filter(answers__isnull=False).exists()
    )


def _copy(template, user) -> Template:
    new = Template.objects.create(
        code=template.code,
        version=template.version + 1,
        name=template.name,
        method=template.method,
        description=template.description,
        created_by=user,
    )
    Question.objects.bulk_create(
        Question(
            template=new,
            section=q.section,
            order=q.order,
            text=q.text,
            help_text=q.help_text,
            answer_type=q.answer_type,
            requirement_id=q.requirement_id,
            requirement_key=q.requirement_key,
            creates_deficiency=q.creates_deficiency,
            required=q.required,
        )
        for q in template.questions.all()
    )
    template.is_current = False
    template.save(update_fields=["is_current", "updated_at"])
    return new


def working_version(template, user) -> Template:
    """The template to edit: itself, or a fresh version when it is in use."""
    if not template.is_current:
        template = Template.objects.get(code=template.code, is_current=True)
    return _copy(template, user) if is_in_use(template) else template


def _same_question(new_template, question):
    if question.template_id == new_template.pk:
        return question
    return new_template.questions.get(order=question.order, text=question.text)


@transaction.atomic
def save_question(template, form, user, question=None) -> Question:
    """Add (question=None) or change a question; returns the saved question, which lives in
    a new template version if the old one was in use."""
    with set_actor(user):
        target = working_version(template, user)
        if question is None:
            obj = form.save(commit=False)
            obj.template = target
        else:
            obj = _same_question(target, question)
            for field in form.Meta.fields:
                setattr(obj, field, form.cleaned_data[field])
        obj.save()
    return obj


@transaction.atomic
def delete_question(question, user) -> Template:
    with set_actor(user):
        target = working_version(question.template, user)
        _same_question(target, question).delete()
    return target


@transaction.atomic
def save_template(form, user) -> Template:
    with set_actor(user):
        template = form.save(commit=False)
        if template.pk is None:
            template.created_by = user
        template.save()
    return template

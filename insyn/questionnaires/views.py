"""Template pages: list, detail with versions, and question editing that versions on use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from insyn.accounts.predicates import is_municipal
from insyn.core.access import get_for_user, require_perm

from . import services
from .forms import QuestionForm, TemplateForm
from .models import Question, Template


def templates_for(user):
    if is_municipal(user):
        return Template.objects.all()
    return Template.objects.none()


@login_required
def template_list(request):
    require_perm(request.user, "questionnaires.view_template")
    templates = templates_for(request.user).filter(is_current=True).annotate(n=Count("questions"))
    return render(request, "questionnaires/template_list.html", {"templates": templates})


@login_required
def template_create(request):
    require_perm(request.user, "questionnaires.change_template")
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = services.save_template(form, request.user)
        messages.success(request, f"Mallen {template.name} är skapad. Lägg till frågor.")
        return redirect(template)
    return render(
        request, "followup/form.html", {"form": form, "title": "Ny mall", "cancel_url": "/mallar/"}
    )


@login_required
def template_detail(request, pk):
    template = get_for_user(
        request.user, templates_for(request.user), "questionnaires.view_template", pk=pk
    )
    versions = Template.objects.filter(code=template.code).annotate(used=Count("followups"))
    return render(
        request,
        "questionnaires/template_detail.html",
        {
            "template": template,
            "questions": template.questions.select_related("requirement"),
            "versions": versions,
            "in_use": services.is_in_use(template),
        },
    )


def _after_edit(request, template, saved_template):
    if saved_template.pk != template.pk:
        messages.success(
            request,
            f"Mallen användes redan, så ändringen sparades i en ny version "
            f"({saved_template.version}). Tidigare uppföljningar behåller sin version.",
        )
    else:
        messages.success(request, "Mallen är ändrad.")
    return redirect(saved_template)


@login_required
def question_add(request, pk):
    template = get_for_user(
        request.user, templates_for(request.user), "questionnaires.change_template", pk=pk
    )
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = services.save_question(template, form, request.user)
        return _after_edit(request, template, question.template)
    return render(
        request,
        "followup/form.html",
        {
            "form": form,
            "title": f"Ny fråga i {template}",
            "cancel_url": template.get_absolute_url(),
        },
    )


@login_required
def question_edit(request, pk):
    question = get_for_user(
        request.user,
        Question.objects.filter(template__in=templates_for(request.user)),
        "questionnaires.change_template",
        pk=pk,
    )
    form = QuestionForm(request.POST or None, instance=Question.objects.get(pk=question.pk))
    if request.method == "POST" and form.is_valid():
        saved = services.save_question(question.template, form, request.user, question=question)
        return _after_edit(request, question.template, saved.template)
    return render(
        request,
        "followup/form.html",
        {
            "form": form,
            "title": "Ändra fråga",
            "cancel_url": question.template.get_absolute_url(),
        },
    )


@login_required
@require_POST
def question_delete(request, pk):
    question = get_for_user(
        request.user,
        Question.objects.filter(template__in=templates_for(request.user)),
        "questionnaires.change_template",
        pk=pk,
    )
    template = question.template
    saved = services.delete_question(question, request.user)
    return _after_edit(request, template, saved)

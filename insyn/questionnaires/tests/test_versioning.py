"""Editing a template a finished follow-up used makes a new version; old follow-ups keep theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from insyn.followup.constants import FollowUpStatus
from insyn.followup.tests.factories import FollowUpFactory
from insyn.questionnaires.answers import clean_value
from insyn.questionnaires.constants import Method
from insyn.questionnaires.models import Template
from insyn.questionnaires.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _question_post(**overrides):
    data = {
        "section": "Bemanning",
        "order": 5,
        "text": "Finns nattpersonal?",
        "answer_type": "yes_no_partly",
        "creates_deficiency": "on",
    }
    data.update(overrides)
    return data


def test_default_templates_exist_for_every_method():
    methods = set(Template.objects.filter(is_current=True).values_list("method", flat=True))
    assert methods == set(Method.values)
    audit = Template.objects.get(code="avtalsuppfoljning")
    texts = " ".join(audit.questions.values_list("text", flat=True))
    for topic in ("F-skatt", "moms", "sociala avgifter", "ekonomisk ställning", "avtalets villkor"):
        assert topic in texts
    survey = Template.objects.get(code="brukarenkat")
    assert survey.questions.filter(section="Socialsekreterarens kvalitetsfrågor").exists()


def test_editing_a_template_used_by_a_done_follow_up_creates_a_new_version(
    client, controller, unit
):
    question = QuestionFactory(text="Gammal fråga?")
    template = question.template
    old_followup = FollowUpFactory(unit=unit, template=template, status=FollowUpStatus.DONE)
    client.force_login(controller)
    response = client.post(
        reverse("questionnaires:question_edit", args=[question.pk]),
        _question_post(text="Ny formulering?"),
    )
    new = Template.objects.get(code=template.code, is_current=True)
    assert new.version == 2 and response.url == new.get_absolute_url()
    assert list(new.questions.values_list("text", flat=True)) == ["Ny formulering?"]
    old_followup.refresh_from_db()
    template.refresh_from_db()
    assert old_followup.template == template and not template.is_current
    assert list(template.questions.values_list("text", flat=True)) == ["Gammal fråga?"]


def test_editing_an_unused_template_changes_it_in_place(client, controller):
    question = QuestionFactory()
    client.force_login(controller)
    client.post(
        reverse("questionnaires:question_add", args=[question.template.pk]), _question_post()
    )
    assert Template.objects.filter(code=question.template.code).count() == 1
    assert question.template.questions.count() == 2


def test_deleting_a_question_of_a_used_template_keeps_it_in_the_old_version(
    client, controller, unit
):
    question = QuestionFactory()
    FollowUpFactory(unit=unit, template=question.template, status=FollowUpStatus.DONE)
    client.force_login(controller)
    client.post(reverse("questionnaires:question_delete", args=[question.pk]))
    new = Template.objects.get(code=question.template.code, is_current=True)
    assert new.version == 2 and new.questions.count() == 0
    assert question.template.questions.count() == 1


def test_new_follow_ups_use_the_current_version(controller, unit):
    from insyn.followup import services

    question = QuestionFactory(template__method=Method.DOCUMENT_REVIEW, template__name="A")
    FollowUpFactory(unit=unit, template=question.template, status=FollowUpStatus.DONE)
    from insyn.questionnaires.services import working_version

    new = working_version(question.template, controller)
    Template.objects.filter(method=Method.DOCUMENT_REVIEW).exclude(code=new.code).update(
        is_current=False
    )
    assert services.start_followup(unit, Method.DOCUMENT_REVIEW, controller).template == new


@pytest.mark.parametrize(
    ("answer_type", "raw", "stored"),
    [
        ("yes_no_partly", "partly", "partly"),
        ("scale", "05", "5"),
        ("number", "3,50", "3.5"),
        ("date", "2026-03-01", "2026-03-01"),
        ("text", "  fritt  ", "fritt"),
    ],
)
def test_answers_are_normalised_per_type(answer_type, raw, stored):
    assert clean_value(QuestionFactory.build(answer_type=answer_type), raw) == stored


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("4 250", "4250"),
        ("4\u00a0250", "4250"),  # the no-break space a copied figure brings along
        ("4.250,5", "4250.5"),
        ("4,250", "4.25"),  # the comma is the decimal separator in Swedish
        ("-12,5", "-12.5"),
    ],
)
def test_number_answers_are_read_as_swedish_numbers(raw, stored):
    assert clean_value(QuestionFactory.build(answer_type="number"), raw) == stored


@pytest.mark.parametrize("raw", ["4,250.50", "tolv", "1e5"])
def test_a_number_answer_that_is_not_a_swedish_number_is_refused_by_question(raw):
    question = QuestionFactory.build(answer_type="number", text="Antal anställda")
    with pytest.raises(ValidationError, match="Frågan ”Antal anställda” ska besvaras med ett tal"):
        clean_value(question, raw)

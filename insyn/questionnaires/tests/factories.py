import factory

from ..constants import AnswerType, Method
from ..models import Question, Template


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Template

    code = factory.Sequence(lambda n: f"mall-{n}")
    name = factory.Sequence(lambda n: f"Testmall {n}")
    method = Method.SITE_VISIT


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    template = factory.SubFactory(TemplateFactory)
    section = "Bemanning"
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Fråga {n}?")
    answer_type = AnswerType.YES_NO_PARTLY
    creates_deficiency = True

import datetime as dt
from decimal import Decimal

import factory

from insyn.registry.constants import ContractType, OperationForm
from insyn.registry.models import Category, Contract, ContractRequirement, Provider, Unit
from insyn.registry.validators import org_number_with_check_digit


def category(code="hvb-barn"):
    return Category.objects.get(code=code)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    org_number = factory.Sequence(lambda n: org_number_with_check_digit(f"55{n:07d}"))
    name = factory.Sequence(lambda n: f"Omsorgsbolaget {n} AB")
    operation_form = OperationForm.PRIVATE
    city = "Göteborg"
    email = factory.Sequence(lambda n: f"info{n}@omsorg.example.se")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Verksamhet {n}")
    category = factory.LazyFunction(category)
    # The default category (HVB barn och unga) requires a permit of a private provider.
    ivo_permit_number = factory.Sequence(lambda n: f"3.5.1-{n:05d}/2024")
    places = 10
    vacancies = 2
    price_per_day_framework = Decimal("3500.00")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    contract_type = ContractType.FRAMEWORK
    title = factory.Sequence(lambda n: f"Ramavtal HVB {n}")
    provider = factory.SubFactory(ProviderFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2027, 12, 31)
    annual_value = Decimal("1000000")
    diary_number = factory.Sequence(lambda n: f"SN-2024-{n:04d}")

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractRequirement

    contract = factory.SubFactory(ContractFactory)
    text = "Verksamheten ska ha rutiner för avvikelsehantering."
    clause = "5.2"

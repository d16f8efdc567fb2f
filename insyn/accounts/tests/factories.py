import factory

from insyn.accounts.constants import OrgUnitKind, Role
from insyn.accounts.models import OrgUnit, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Stadsdel {n}")
    kind = OrgUnitKind.DISTRICT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    role = Role.CONTROLLER
    password = factory.django.Password("test-pass-123")

    class Params:
        admin = factory.Trait(role=Role.ADMIN, is_staff=True)
        controller = factory.Trait(role=Role.CONTROLLER)
        placement_officer = factory.Trait(role=Role.PLACEMENT_OFFICER)
        case_worker = factory.Trait(role=Role.CASE_WORKER)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        manager = factory.Trait(role=Role.MANAGER)
        provider_user = factory.Trait(
            role=Role.PROVIDER,
            provider=factory.SubFactory("insyn.registry.tests.factories.ProviderFactory"),
        )


def two_committees() -> dict:
    """The municipality with two committees and an administration under the first, as the
    committee-scope tests need them: {"kommun", "centrum", "nordost", "forvaltning"}."""
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit

    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    centrum = OrgUnit.objects.create(
        name="Socialnämnden Centrum", kind=OrgUnitKind.COMMITTEE, parent=kommun
    )
    nordost = OrgUnit.objects.create(
        name="Socialnämnden Nordost", kind=OrgUnitKind.COMMITTEE, parent=kommun
    )
    forvaltning = OrgUnit.objects.create(
        name="Socialförvaltningen Centrum", kind=OrgUnitKind.ADMINISTRATION, parent=centrum
    )
    return {"kommun": kommun, "centrum": centrum, "nordost": nordost, "forvaltning": forvaltning}

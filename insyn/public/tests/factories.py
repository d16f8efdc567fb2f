"""Test data for the public part: a municipality with published and unpublished things, and
personal data in every place it could leak from."""

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left

from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback.tests.factories import FeedbackItemFactory
from insyn.followup.constants import DeficiencyStatus, FollowUpStatus
from insyn.followup.models import ActionPlan
from insyn.followup.tests.factories import DeficiencyFactory, FollowUpFactory
from insyn.questionnaires.constants import Method
from insyn.questionnaires.tests.factories import TemplateFactory
from insyn.registry.constants import DEFAULT_CATEGORIES, ContractType, OperationForm
from insyn.registry.models import Category
from insyn.registry.tests.factories import ContractFactory, ProviderFactory, UnitFactory, category
from insyn.registry.validators import org_number_with_check_digit

from .. import services

# Valid identity numbers (python-stdnum accepts them as personnummer).
SOLE_TRADER_NUMBER = "811218-9876"
FEEDBACK_PERSONNUMMER = "19750315-1230"
MUNICIPALITY_NUMBER = "212000-1355"
# A company (third digit 2 or more: a legal entity, never a person).
SOLROSEN_NUMBER = org_number_with_check_digit("556677001")

PERSON_NAMES = [
    "Karin Lindqvist",  # the controller who publishes
    "Eva Ekström",  # a provider's user
    "Per Persson",  # a provider's contact person
    "Anna Bergström",  # the sole trader (her business is in her name)
    "Olle Avtalsägare",  # a contract owner
    "Stina Ansvarig",  # responsible person in an action plan
    "Klient Klientsson",  # named in a feedback text
]
UNPUBLISHED_UNIT = "Hemliga Gården"
# Every way an identity number is typed that the finder must see (issue 10): en dash,
# no-break space, U+2010, U+2212, double space, dot, with century, without separator, and
# samordningsnummer (day 18 + 60).
IDENTITY_NUMBER_FORMS = [
    "811218\u20139876",
    "811218\u00a09876",
    "811218\u20109876",
    "811218\u22129876",
    "811218  9876",
    "811218.9876",
    "19811218-9876",
    "198112189876",
    "811278-9873",
    "19811278\u20139873",
]
# Not free text: identifiers, codes, contact details and choices that code relies on.
# Keys and codes, not text anyone types (ActionLog's object id and dotted action name too).
NOT_FREE_TEXT = {
    "org_number",
    "username",
    "password",
    "email",
    "phone",
    "postal_code",
    "code",
    "object_id",
    "action",
}
FEEDBACK_TEXT = f"Klient Klientsson ({FEEDBACK_PERSONNUMMER}) blev illa bemött på Solrosen."


def followup(unit, day, method=Method.SITE_VISIT, **kwargs):
    kwargs.setdefault("status", FollowUpStatus.DONE)
    return FollowUpFactory(
        unit=unit, template=TemplateFactory(method=method), performed_on=day, **kwargs
    )


def build_world():
    """Published: Solrosen Hisingen (private, 3 published results), Eken (egen regi),
    Lilla Stödboendet (sole trader). Unpublished: Hemliga Gården and one result."""
    # The categories come from a data migration; a browser test after a flushed transactional
    # test may not have them, so make sure they are there.
    for code, name in DEFAULT_CATEGORIES:
        Category.objects.get_or_create(code=code, defaults={"name": name})
    controller = UserFactory(controller=True, first_name="Karin", last_name="Lindqvist")
    committee = OrgUnitFactory(name="Socialnämnden Centrum", kind="committee")

    solrosen = ProviderFactory(
        org_number=SOLROSEN_NUMBER, name="Solrosen Omsorg AB", contact_name="Per Persson"
    )
    UserFactory(provider_user=True, provider=solrosen, first_name="Eva", last_name="Ekström")
    hisingen = UnitFactory(provider=solrosen, name="Solrosen Hisingen", focus="Unga 13–17 år")
    hidden = UnitFactory(provider=solrosen, name=UNPUBLISHED_UNIT, category=category("hvb-vuxna"))
    owner = UserFactory(controller=True, first_name="Olle", last_name="Avtalsägare")
    ContractFactory(
        provider=solrosen,
        units=[hisingen],
        owner=owner,
        committee=committee,
        title="Ramavtal HVB =SUMMA(A1)",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2027, 12, 31),
    )
    ContractFactory(
        provider=solrosen,
        units=[hisingen],
        contract_type=ContractType.INDIVIDUAL,
        title="Individavtal Klient Klientsson",
        start_date=dt.date(2025, 2, 1),
        end_date=None,
    )

    met = followup(hisingen, dt.date(2025, 3, 10))
    open_one = followup(hisingen, dt.date(2025, 9, 22), method=Method.DOCUMENT_REVIEW)
    deficiency = DeficiencyFactory(followup=open_one, status=DeficiencyStatus.PLAN_SUBMITTED)
    ActionPlan.objects.create(
        deficiency=deficiency,
        measures="Nya rutiner.",
        responsible_person="Stina Ansvarig",
        due_date=dt.date(2025, 12, 1),
    )
    remedied = followup(hisingen, dt.date(2025, 5, 5), method=Method.USER_SURVEY)
    DeficiencyFactory(followup=remedied, status=DeficiencyStatus.REMEDIED)
    unpublished_result = followup(hisingen, dt.date(2024, 11, 5), method=Method.CONTRACT_AUDIT)
    followup(hidden, dt.date(2025, 4, 1))

    own = ProviderFactory(
        org_number=MUNICIPALITY_NUMBER, name="Demokommunen", operation_form=OperationForm.OWN
    )
    eken = UnitFactory(provider=own, name="Boendet Eken", category=category("lss-boende"))
    ContractFactory(
        provider=own,
        units=[eken],
        contract_type=ContractType.ASSIGNMENT,
        title="Uppdrag Eken",
        start_date=dt.date(2023, 1, 1),
        end_date=None,
    )
    eken_followup = followup(eken, dt.date(2025, 6, 15))

    sole = ProviderFactory(
        org_number=SOLE_TRADER_NUMBER, name="Anna Bergström Omsorg", contact_name="Anna Bergström"
    )
    lilla = UnitFactory(provider=sole, name="Lilla Stödboendet", category=category("boendestod"))
    ContractFactory(provider=sole, units=[lilla], start_date=dt.date(2025, 1, 1))

    FeedbackItemFactory(unit=hisingen, text=FEEDBACK_TEXT)

    for unit in (hisingen, eken, lilla):
        services.publish_unit(unit, controller)
    services.publish_followup(met, controller)
    services.publish_followup(open_one, controller, "Verksamheten ska förbättra sina rutiner.")
    services.publish_followup(remedied, controller)
    services.publish_followup(eken_followup, controller)
    services.publish_year(2025, controller)
    return {
        "controller": controller,
        "solrosen": solrosen,
        "hisingen": hisingen,
        "hidden": hidden,
        "eken": eken,
        "lilla": lilla,
        "sole": sole,
        "met": met,
        "open_one": open_one,
        "remedied": remedied,
        "unpublished_result": unpublished_result,
    }


def plant_identity_numbers() -> set[str]:
    """Append every form of identity number to every free-text field of every Insyn row, as
    if typed in after publication past any check. Returns the "app.Model.field" names."""
    planted = set()
    typed = " " + " / ".join(IDENTITY_NUMBER_FORMS)
    for model in apps.get_models():
        if not model.__module__.startswith("insyn.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if (
                type(field) not in (models.CharField, models.TextField)
                or field.choices
                or field.unique
                or field.name in NOT_FREE_TEXT
            ):
                continue
            appended = Concat(field.name, Value(typed))
            if field.max_length:
                # PostgreSQL refuses a value over the column's length (SQLite would store it).
                appended = Left(appended, field.max_length)
            model.objects.update(**{field.name: appended})
            planted.add(f"{model._meta.label}.{field.name}")
    return planted

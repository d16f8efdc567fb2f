"""Publishing and unpublishing: only controllers, refused with personal data, kept in history."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.followup.constants import FollowUpStatus
from insyn.public import services
from insyn.public.models import PublishedFollowUp, PublishedProvider, PublishedUnit
from insyn.public.services import PublicationRefused
from insyn.registry.tests.factories import ProviderFactory, UnitFactory
from insyn.registry.validators import org_number_with_check_digit

from .factories import followup


@pytest.fixture
def company(db):
    return ProviderFactory(
        org_number=org_number_with_check_digit("556123001"),
        name="Björken Vård AB",
        contact_name="Maja Kontaktsson",
    )


def _counts():
    return (
        PublishedProvider.objects.count(),
        PublishedUnit.objects.count(),
        PublishedFollowUp.objects.count(),
        LogEntry.objects.count(),
    )


def test_publishing_a_unit_publishes_its_provider_and_records_who_did_it(company, controller):
    unit = UnitFactory(provider=company, name="Björken Lerum")
    services.publish_unit(unit, controller)

    assert PublishedUnit.objects.get(unit=unit).published_by == controller
    assert PublishedProvider.objects.filter(provider=company).exists()
    entry = LogEntry.objects.get_for_object(unit.publication).get()
    assert entry.actor == controller
    assert entry.action == LogEntry.Action.CREATE


def test_unit_name_with_a_personnummer_is_refused_and_nothing_changes(company, controller):
    unit = UnitFactory(provider=company, name="Boende för 19811218-9876")
    before = _counts()
    with pytest.raises(PublicationRefused, match="personnummer"):
        services.publish_unit(unit, controller)
    assert _counts() == before


def test_unit_focus_naming_the_contact_person_is_refused(company, controller):
    unit = UnitFactory(provider=company, name="Björken", focus="Leds av maja  kontaktsson")
    with pytest.raises(PublicationRefused, match="namnet på en person"):
        services.publish_unit(unit, controller)
    assert not PublishedUnit.objects.exists()
    assert not PublishedProvider.objects.exists()


def test_unit_naming_a_provider_user_is_refused(company, controller):
    UserFactory(provider_user=True, provider=company, first_name="Ali", last_name="Hassan")
    unit = UnitFactory(provider=company, name="Ali Hassans hem")
    # "Hassans" is not the whole name "Ali Hassan" as a word; this one is:
    unit.name = "Hemmet hos Ali Hassan"
    unit.save()
    with pytest.raises(PublicationRefused):
        services.publish_unit(unit, controller)


def test_result_text_with_a_personnummer_is_refused_and_result_stays_unpublished(
    company, controller
):
    unit = UnitFactory(provider=company)
    services.publish_unit(unit, controller)
    done = followup(unit, dt.date(2025, 3, 1))
    before = _counts()
    with pytest.raises(PublicationRefused, match="personnummer"):
        services.publish_followup(done, controller, "Gäller brukare 750315-1230.")
    assert _counts() == before


def test_result_of_unfinished_follow_up_or_unpublished_unit_is_refused(company, controller):
    unit = UnitFactory(provider=company)
    done = followup(unit, dt.date(2025, 3, 1))
    with pytest.raises(PublicationRefused, match="Publicera verksamheten"):
        services.publish_followup(done, controller)
    services.publish_unit(unit, controller)
    draft = followup(unit, None, status=FollowUpStatus.DRAFT)
    with pytest.raises(PublicationRefused, match="avslutade"):
        services.publish_followup(draft, controller)


def test_unpublishing_a_provider_takes_its_units_and_results_with_it(company, controller):
    unit = UnitFactory(provider=company)
    services.publish_unit(unit, controller)
    services.publish_followup(followup(unit, dt.date(2025, 3, 1)), controller)

    assert services.unpublish_provider(company, controller) == 1
    assert _counts()[:3] == (0, 0, 0)
    deletions = LogEntry.objects.filter(action=LogEntry.Action.DELETE, actor=controller)
    assert deletions.count() == 3


def test_sole_trader_can_be_published_without_resolving_its_name(controller):
    sole = ProviderFactory(org_number="811218-9876", name="Anna Bergström Omsorg")
    unit = UnitFactory(provider=sole, name="Lilla Stödboendet")
    services.publish_unit(unit, controller)
    assert PublishedUnit.objects.filter(unit=unit).exists()


def test_controller_publishes_from_the_unit_page_and_sees_the_refusal_in_swedish(
    client, company, controller
):
    bad = UnitFactory(provider=company, name="Hos 19811218-9876")
    client.force_login(controller)
    page = reverse("registry:unit_detail", args=[bad.pk])
    response = client.post(
        reverse("public:unit_publish", args=[bad.pk]), {"next": page, "confirmed": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == page
    assert "kan inte publiceras eftersom uppgifterna innehåller personuppgifter" in (
        response.content.decode()
    )
    assert not PublishedUnit.objects.exists()


def test_unit_page_panel_offers_publication_to_controllers_only(client, company, controller):
    unit = UnitFactory(provider=company)
    url = reverse("registry:unit_detail", args=[unit.pk])
    client.force_login(controller)
    assert "Publicera verksamheten" in client.get(url).content.decode()
    client.force_login(UserFactory(case_worker=True))
    text = client.get(url).content.decode()
    assert "Publicering för allmänheten" in text and "Publicera verksamheten" not in text


def test_case_worker_cannot_publish(client, company):
    unit = UnitFactory(provider=company)
    client.force_login(UserFactory(case_worker=True))
    assert client.post(reverse("public:unit_publish", args=[unit.pk])).status_code == 403
    assert not PublishedUnit.objects.exists()


def test_manage_page_lists_the_history_of_publication(client, company, controller):
    unit = UnitFactory(provider=company, name="Björken Lerum")
    services.publish_unit(unit, controller)
    services.unpublish_unit(unit, controller)
    client.force_login(controller)
    text = client.get(reverse("public:manage")).content.decode()
    assert "Verksamheten Björken Lerum" in text
    assert "Publicerad" in text and "Avpublicerad" in text


def test_next_parameter_only_redirects_within_the_site(client, company, controller):
    unit = UnitFactory(provider=company)
    client.force_login(controller)
    response = client.post(
        reverse("public:unit_publish", args=[unit.pk]),
        {"next": "//evil.example/", "confirmed": "1"},
    )
    assert response["Location"] == unit.get_absolute_url()


def test_controller_publishes_a_result_with_a_short_text_from_the_panel(
    client, company, controller
):
    unit = UnitFactory(provider=company)
    services.publish_unit(unit, controller)
    done = followup(unit, dt.date(2025, 3, 1))
    client.force_login(controller)
    page = client.get(reverse("registry:unit_detail", args=[unit.pk])).content.decode()
    assert reverse("public:followup_publish", args=[done.pk]) in page

    url = reverse("public:followup_publish", args=[done.pk])
    # The first press asks: what becomes public, the text carried over, nothing published.
    ask = client.post(url, {"public_text": "Rutinerna för bemanning ses över."})
    assert ask.status_code == 200 and not PublishedFollowUp.objects.exists()
    page = ask.content.decode()
    assert "Publicera resultatet?" in page and "Ja, publicera" in page
    assert 'name="public_text" value="Rutinerna för bemanning ses över."' in page
    client.post(url, {"public_text": "Rutinerna för bemanning ses över.", "confirmed": "1"})
    assert PublishedFollowUp.objects.get(followup=done).public_text == (
        "Rutinerna för bemanning ses över."
    )
    text = client.get(reverse("public:unit_detail", args=[unit.pk])).content.decode()
    assert "Rutinerna för bemanning ses över." in text


def test_publishing_a_year_from_the_manage_page_shows_it_to_the_public(client, controller):
    client.force_login(controller)
    response = client.post(
        reverse("public:year_publish", args=[2025]), {"confirmed": "1"}, follow=True
    )
    assert "Årssammanställningen för 2025 är publicerad" in response.content.decode()
    client.logout()
    assert client.get(reverse("public:year_detail", args=[2025])).status_code == 200
    assert "2025" in client.get(reverse("public:year_list")).content.decode()

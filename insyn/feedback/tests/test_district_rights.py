"""District rights (issue 12 item 3): coordinators and case workers reach and act on their own
districts' feedback (every district a membership of theirs covers), never another's."""

import pytest
from django.urls import reverse

from insyn.accounts.constants import Role
from insyn.accounts.models import Membership
from insyn.accounts.tests.factories import OrgUnitFactory, UserFactory
from insyn.feedback import queries
from insyn.feedback.constants import Status
from insyn.feedback.tests.factories import FeedbackItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    return OrgUnitFactory(name="Angered"), OrgUnitFactory(name="Lundby")


def test_coordinator_cannot_open_or_close_another_districts_item(client, districts):
    angered, lundby = districts
    coordinator = UserFactory(coordinator=True, org_unit=angered)
    other = FeedbackItemFactory(district=lundby, status=Status.FEEDBACK_GIVEN)
    client.force_login(coordinator)
    assert client.get(reverse("feedback:detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("feedback:close", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.FEEDBACK_GIVEN


def test_case_worker_also_coordinator_sees_both_districts_and_forwards_only_as_coordinator(
    districts,
):
    angered, lundby = districts
    user = UserFactory(case_worker=True, org_unit=angered)
    Membership.objects.create(user=user, role=Role.COORDINATOR, org_unit=lundby)
    own, second = FeedbackItemFactory(district=angered), FeedbackItemFactory(district=lundby)
    third = FeedbackItemFactory(district=OrgUnitFactory(name="Centrum"))
    assert set(queries.items_for(user)) == {own, second}
    assert user.has_perm("feedback.forward_item", second)
    assert user.has_perm("feedback.close_item", own)
    assert not user.has_perm("feedback.close_item", third)


def test_central_coordinator_sees_every_district(districts):
    from insyn.accounts.constants import OrgUnitKind
    from insyn.accounts.models import OrgUnit

    kommun = OrgUnit.objects.create(name="Demokommunen", kind=OrgUnitKind.MUNICIPALITY)
    user = UserFactory(coordinator=True, org_unit=kommun)
    items = [FeedbackItemFactory(district=d) for d in districts]
    assert set(queries.items_for(user)) == set(items)

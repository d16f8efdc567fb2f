"""The domain event log: declared names only, small data, sentences in Swedish, written in
the transaction of the change and merged with the field changes on the history page."""

import pytest
from django.db import transaction
from django.urls import reverse

from insyn.accounts.tests.factories import UserFactory
from insyn.core import history
from insyn.core.history import log_action, register_actions, sentence
from insyn.core.models import ActionLog

pytestmark = pytest.mark.django_db

TEST_ACTION = "insyn.test.thing.done"


@pytest.fixture
def declared(monkeypatch):
    monkeypatch.setitem(history.SENTENCES, TEST_ACTION, "{object} gjordes klart av {who}.")


@pytest.fixture
def person(db):
    return UserFactory(first_name="Anna", last_name="Berg", username="anna")


def test_an_undeclared_action_is_refused_and_writes_nothing(person):
    with pytest.raises(ValueError, match="unknown log action"):
        log_action(person, "insyn.test.never.declared")
    assert ActionLog.objects.count() == 0


def test_data_must_be_small_labels_or_numbers(declared, person):
    with pytest.raises(TypeError):
        log_action(person, TEST_ACTION, data={"who": ["a", "list"]})
    with pytest.raises(ValueError, match="longer than"):
        log_action(person, TEST_ACTION, data={"who": "x" * 201})
    assert ActionLog.objects.count() == 0


def test_sentence_names_the_object_as_it_was_and_fills_in_the_data(declared, person):
    entry = log_action(person, TEST_ACTION, user=person, data={"who": "Bo"})
    person.first_name = "Annika"
    person.save()
    entry.refresh_from_db()
    assert sentence(entry) == "Anna Berg gjordes klart av Bo."
    assert (entry.object_id, entry.user) == (str(person.pk), person)


def test_a_missing_placeholder_reads_as_a_dash_and_a_retired_action_as_its_name(
    declared, person, monkeypatch
):
    entry = log_action(person, TEST_ACTION)
    assert sentence(entry) == "Anna Berg gjordes klart av –."
    monkeypatch.delitem(history.SENTENCES, TEST_ACTION)
    assert sentence(entry) == "insyn.test.thing.done (Anna Berg)"


def test_label_replaces_the_objects_own_name(declared, person):
    entry = log_action(person, TEST_ACTION, label="Konto #1")
    assert entry.object_repr == "Konto #1"


def test_an_action_cannot_be_declared_twice_with_another_sentence(declared):
    register_actions({TEST_ACTION: "{object} gjordes klart av {who}."})  # same: fine
    with pytest.raises(ValueError, match="declared twice"):
        register_actions({TEST_ACTION: "Något annat."})


def test_a_rolled_back_change_leaves_no_entry(declared, person):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action(person, TEST_ACTION, user=person)
        raise RuntimeError("the change failed after the entry was written")
    assert ActionLog.objects.count() == 0


def test_every_declared_sentence_renders_with_its_placeholders(db):
    """A typo in a sentence (an unbalanced brace) would break every history page."""
    for action, template in history.SENTENCES.items():
        entry = ActionLog(action=action, object_repr="X", data={})
        assert "X" in sentence(entry) or "{object}" not in template, action


def test_history_page_shows_the_event_above_the_field_changes_it_belongs_to(client, admin_user):
    """An admin changes a role: the sentence comes first, then auditlog's field change."""
    from insyn.accounts.constants import Role
    from insyn.accounts.forms import UserForm
    from insyn.accounts.services import update_user
    from insyn.accounts.tests.factories import OrgUnitFactory

    person = UserFactory(
        case_worker=True, first_name="Bo", last_name="Ek", org_unit=OrgUnitFactory()
    )
    form = UserForm(
        {
            "username": person.username,
            "first_name": "Bo",
            "last_name": "Ek",
            "email": person.email,
            "role": Role.CONTROLLER,
            "org_unit": person.org_unit_id,
        },
        instance=person,
    )
    assert form.is_valid(), form.errors
    update_user(form, admin_user)

    rows = history.history_for(person)
    assert rows[0]["action"] == (
        "Rollen för Bo Ek ändrades från Socialsekreterare / handläggare till "
        "Uppföljare / controller."
    )
    assert rows[0]["actor"] == admin_user and rows[0]["changes"] == []
    assert rows[1]["action"] == "Ändrad"
    assert [c["field"] for c in rows[1]["changes"]] == ["roll"]

    client.force_login(admin_user)
    body = client.get(reverse("accounts:user_history", args=[person.pk])).content.decode()
    assert body.index("Rollen för Bo Ek ändrades") < body.index("Uppföljare / controller</span>")

"""The one transition-table helper: allowed steps pass, others raise a Swedish
TransitionError, per-step permissions, and a table that names the impossible fails early."""

import pytest
from django.db import models

from insyn.core.errors import DomainError
from insyn.core.workflow import Table, TransitionError, check, is_allowed, permission_for


class Light(models.TextChoices):
    RED = "red", "Röd"
    GREEN = "green", "Grön"
    OFF = "off", "Släckt"


TABLE = Table(
    Light,
    {Light.RED: {Light.GREEN}, Light.GREEN: {Light.RED, Light.OFF}, Light.OFF: set()},
    permissions={
        (Light.RED, Light.GREEN): "traffic.go",
        (Light.GREEN, Light.RED): "traffic.stop",
        (Light.GREEN, Light.OFF): "traffic.stop",
    },
)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (Light.RED, Light.GREEN, True),
        (Light.GREEN, Light.RED, True),
        (Light.GREEN, Light.OFF, True),
        (Light.RED, Light.RED, False),
        (Light.RED, Light.OFF, False),
        (Light.GREEN, Light.GREEN, False),
        (Light.OFF, Light.RED, False),
        (Light.OFF, Light.GREEN, False),
        (Light.OFF, Light.OFF, False),
    ],
)
def test_check_allows_exactly_the_listed_steps(current, new, allowed):
    assert is_allowed(TABLE, current, new) is allowed
    if allowed:
        check(TABLE, current, new)
    else:
        with pytest.raises(TransitionError):
            check(TABLE, current, new)


def test_refusal_names_both_statuses_in_swedish_and_is_a_domain_error():
    with pytest.raises(DomainError) as refused:
        check(TABLE, Light.OFF, Light.GREEN)
    assert refused.value.message == "Det går inte att ändra status från ”Släckt” till ”Grön”."


def test_a_table_can_word_its_own_refusal_with_the_next_steps():
    worded = Table(
        Light,
        TABLE.allowed,
        refusal=lambda current, new, allowed: f"{current} → {new}; nästa: {', '.join(allowed)}",
    )
    with pytest.raises(TransitionError, match="^Röd → Släckt; nästa: Grön$"):
        check(worded, Light.RED, Light.OFF)


def test_each_allowed_step_has_its_permission():
    assert permission_for(TABLE, Light.RED, Light.GREEN) == "traffic.go"
    assert permission_for(TABLE, Light.GREEN, Light.OFF) == "traffic.stop"


def test_a_table_naming_an_unknown_status_fails_when_declared():
    with pytest.raises(ValueError, match="blue"):
        Table(Light, {Light.RED: {"blue"}})


def test_a_permission_for_a_forbidden_step_fails_when_declared():
    with pytest.raises(ValueError, match="Permissions for steps not allowed"):
        Table(Light, {Light.RED: {Light.GREEN}}, permissions={(Light.GREEN, Light.RED): "x"})

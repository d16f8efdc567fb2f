"""The one settings helper: its merge rule, and every app's conf.py reading through it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from insyn.core.conf import app_settings
from insyn.followup import conf as followup_conf
from insyn.placement import conf as placement_conf
from insyn.public import conf as public_conf
from insyn.ratings import conf as ratings_conf
from insyn.reports import conf as reports_conf

DEFAULTS = {"LIMIT": 5, "WEIGHTS": {"a": 1.0, "b": 2.0}, "CODES": ["x", "y"]}
demo = app_settings("DEMO", DEFAULTS)


def test_defaults_apply_without_an_override(settings):
    settings.INSYN = {}
    assert demo.get("LIMIT") == 5
    assert demo.get("WEIGHTS") == {"a": 1.0, "b": 2.0}


def test_an_override_replaces_a_plain_value(settings):
    settings.INSYN = {"DEMO": {"LIMIT": 9, "CODES": ["z"]}}
    assert demo.get("LIMIT") == 9
    assert demo.get("CODES") == ["z"]  # lists are replaced, not merged


def test_dicts_merge_one_level_deep(settings):
    settings.INSYN = {"DEMO": {"WEIGHTS": {"b": 7.0, "c": 3.0}}}
    assert demo.get("WEIGHTS") == {"a": 1.0, "b": 7.0, "c": 3.0}


def test_changing_a_returned_value_leaves_the_defaults_alone(settings):
    settings.INSYN = {"DEMO": {"WEIGHTS": {"b": 7.0}}}
    demo.get("WEIGHTS")["a"] = 99.0
    demo.get("CODES").append("q")
    assert DEFAULTS == {"LIMIT": 5, "WEIGHTS": {"a": 1.0, "b": 2.0}, "CODES": ["x", "y"]}


def test_a_misspelled_key_fails_loudly(settings):
    settings.INSYN = {"DEMO": {"LIMT": 9}}
    with pytest.raises(ImproperlyConfigured, match="LIMT"):
        demo.get("LIMIT")


def test_a_key_outside_its_namespace_fails_loudly(settings):
    settings.INSYN = {"LIMIT": 9}
    with pytest.raises(ImproperlyConfigured, match=r'LIMIT belongs under INSYN\["DEMO"\]'):
        demo.get("LIMIT")


def test_a_namespace_that_is_not_a_dict_fails_loudly(settings):
    settings.INSYN = {"DEMO": 9}
    with pytest.raises(ImproperlyConfigured):
        demo.get("LIMIT")


def test_other_namespaces_and_shared_keys_are_not_this_apps_business(settings):
    settings.INSYN = {"MUNICIPALITY_NAME": "Göteborgs Stad", "OTHER": {"LIMT": 1}}
    assert demo.get("LIMIT") == 5


@pytest.mark.parametrize(
    ("module", "namespace", "key", "value"),
    [
        (followup_conf, "FOLLOWUP", "PLAN_CAPACITY", 12),
        (placement_conf, "PLACEMENT", "PLACEMENT_MAX_RESULTS", 4),
        (public_conf, "PUBLIC", "MIN_COUNT", 10),
        (ratings_conf, "RATINGS", "RATING_MIN_COUNT", 7),
        (reports_conf, "REPORTS", "KOLADA_MUNICIPALITY", "0180"),
    ],
)
def test_every_app_reads_its_own_namespace(settings, module, namespace, key, value):
    assert module.get(key) == module.DEFAULTS[key]
    settings.INSYN = {**settings.INSYN, namespace: {key: value}}
    assert module.get(key) == value
    settings.INSYN = {**settings.INSYN, namespace: {key.lower(): value}}
    with pytest.raises(ImproperlyConfigured):
        module.get(key)


def test_a_ranking_weight_override_keeps_the_other_weights(settings):
    settings.INSYN = {**settings.INSYN, "PLACEMENT": {"PLACEMENT_RANKING_WEIGHTS": {"rating": 5}}}
    weights = placement_conf.weights()
    assert weights["rating"] == 5
    assert weights["framework"] == 20
    assert placement_conf.RANKING_WEIGHTS["rating"] == 15


def test_the_old_flat_ratings_key_fails_loudly_instead_of_being_ignored(settings):
    settings.INSYN = {**settings.INSYN, "RATING_MIN_COUNT": 1}
    with pytest.raises(ImproperlyConfigured, match=r'INSYN\["RATINGS"\]'):
        ratings_conf.get("RATING_MIN_COUNT")

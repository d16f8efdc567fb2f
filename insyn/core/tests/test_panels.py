"""Panel slots: declared in one place, checked at start-up, collected in INSTALLED_APPS order."""

from types import ModuleType

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from insyn.core import panels
from insyn.feedback import panels as feedback_panels
from insyn.followup import panels as followup_panels
from insyn.placement import panels as placement_panels
from insyn.public import panels as public_panels
from insyn.ratings import panels as ratings_panels
from insyn.reports import panels as reports_panels
from insyn.suppliers import panels as suppliers_panels


def _module(name="insyn.demo.panels", **attrs):
    module = ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def unit_detail(request, unit):
    return [panels.Panel("demo/_unit.html")]


def test_every_installed_app_declares_known_slots():
    assert panels.check_panels() == []


def test_a_misspelled_slot_fails_the_start_up_check(monkeypatch):
    typo = _module(PANELS={"unit_detial": unit_detail})
    monkeypatch.setattr(panels, "panel_modules", lambda: [typo])
    errors = [e for e in run_checks() if e.id.startswith("insyn.")]
    assert [e.id for e in errors] == ["insyn.E002"]
    assert "'unit_detial'" in errors[0].msg
    with pytest.raises(ImproperlyConfigured, match="unit_detial"):
        panels.registry([typo])


def test_a_slot_function_left_out_of_panels_is_an_error():
    forgotten = _module(unit_detail=unit_detail, PANELS={})
    assert [check_id for check_id, _ in panels.problems(forgotten)] == ["insyn.E003"]


def test_a_panels_module_without_a_declaration_is_an_error():
    assert [check_id for check_id, _ in panels.problems(_module())] == ["insyn.E001"]


def test_a_declared_provider_must_be_a_function():
    module = _module(PANELS={"dashboard": "dashboard"})
    assert [check_id for check_id, _ in panels.problems(module)] == ["insyn.E002"]


def test_collecting_an_unknown_slot_fails_loudly(rf):
    with pytest.raises(ImproperlyConfigured, match="dashbord"):
        panels.collect("dashbord", rf.get("/"))


def test_providers_are_in_installed_apps_order():
    installed = panels.registry(panels.panel_modules())
    assert installed["unit_detail"] == [
        suppliers_panels.unit_detail,
        followup_panels.unit_detail,
        ratings_panels.unit_detail,
        feedback_panels.unit_detail,
        public_panels.unit_detail,
    ]
    assert installed["dashboard"] == [
        suppliers_panels.dashboard,
        followup_panels.dashboard,
        ratings_panels.dashboard,
        feedback_panels.dashboard,
        placement_panels.dashboard,
        reports_panels.dashboard,
    ]
    assert installed["provider_detail"] == [
        suppliers_panels.provider_detail,
        feedback_panels.provider_detail,
        public_panels.provider_detail,
    ]
    assert installed["contract_detail"] == [followup_panels.contract_detail]


def test_collect_calls_each_provider_with_the_page_arguments(rf, monkeypatch):
    seen = []

    def first(request, unit):
        seen.append(unit)
        return [panels.Panel("a.html")]

    def second(request, unit):
        return [panels.Panel("b.html", {"unit": unit})]

    fake = panels.registry([_module(PANELS={"unit_detail": first}), _module(PANELS={})])
    fake["unit_detail"].append(second)
    monkeypatch.setattr(panels, "_installed", lambda: fake)
    collected = panels.collect("unit_detail", rf.get("/"), "enhet")
    assert [(p.template, p.context) for p in collected] == [
        ("a.html", {}),
        ("b.html", {"unit": "enhet"}),
    ]
    assert seen == ["enhet"]

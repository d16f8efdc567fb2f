"""OCDS details: end dates at the end of the day, Swedish time; release ids and dates that
follow the content; procurementMethod; placeholder buyer defaults and their deploy check."""

import io
import json

import time_machine
from django.urls import reverse

from insyn.public import checks
from insyn.public.opendata import PROCUREMENT_METHODS
from insyn.registry.constants import ContractType


def releases(client):
    package = json.loads(client.get(reverse("public:contracts_ocds")).content)
    return {r["ocid"]: r for r in package["releases"]}, package


def solrosen_release(client):
    found, _ = releases(client)
    return next(
        r
        for r in found.values()
        if r["awards"][0]["suppliers"][0]["name"] != "Enskild näringsidkare"
    )


@time_machine.travel("2026-03-01 12:00 +01:00", tick=False)
def test_contract_end_date_is_the_end_of_the_last_day_swedish_time(client, world):
    release = solrosen_release(client)
    period = release["contracts"][0]["period"]
    assert period["startDate"] == "2024-01-01T00:00:00+01:00"
    assert period["endDate"] == "2027-12-31T23:59:59+01:00"
    assert release["awards"][0]["contractPeriod"] == period


def test_unchanged_contract_gives_the_identical_release_on_another_day(client, world):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        first = solrosen_release(client)
    with time_machine.travel("2026-09-15 08:00 +02:00", tick=False):
        again = solrosen_release(client)
    assert again == first
    assert first["id"].startswith(f"{first['ocid']}-") and len(first["id"]) > len(first["ocid"])


def test_release_turning_terminated_gets_a_new_id_dated_when_the_contract_ended(client, world):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        running = solrosen_release(client)
    with time_machine.travel("2028-02-01 12:00 +01:00", tick=False):
        ended = solrosen_release(client)
    assert (running["contracts"][0]["status"], ended["contracts"][0]["status"]) == (
        "active",
        "terminated",
    )
    assert ended["id"] != running["id"]
    assert ended["date"] == "2028-01-01T00:00:00+01:00"


def test_changed_contract_gets_a_new_release_id_and_date(client, world):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        before = solrosen_release(client)
    contract = world["solrosen"].contracts.get(contract_type=ContractType.FRAMEWORK)
    with time_machine.travel("2026-04-02 09:30 +02:00", tick=False):
        contract.annual_value = contract.annual_value * 2
        contract.save()
        after = solrosen_release(client)
    assert after["id"] != before["id"]
    assert after["date"] == "2026-04-02T09:30:00+02:00"
    assert after["contracts"][0]["value"]["amount"] == 8000000


def test_package_date_is_the_latest_release_date(client, world):
    with time_machine.travel("2026-03-01 12:00 +01:00", tick=False):
        found, package = releases(client)
    assert package["publishedDate"] == max(r["date"] for r in found.values())


def test_framework_agreement_is_an_open_procurement(client, world):
    tender = solrosen_release(client)["tender"]
    assert tender["procurementMethod"] == "open"
    assert tender["procurementMethodDetails"] == "Ramavtal upphandlat enligt LOU"


def test_every_procured_contract_type_maps_to_an_ocds_method():
    procured = set(ContractType) - {ContractType.ASSIGNMENT}
    assert set(PROCUREMENT_METHODS) == procured
    assert {method for method, _ in PROCUREMENT_METHODS.values()} <= {
        "open",
        "selective",
        "limited",
        "direct",
    }
    assert PROCUREMENT_METHODS[ContractType.DIRECT_AWARD][0] == "limited"


def test_default_buyer_is_an_obvious_placeholder(client, world):
    release = solrosen_release(client)
    buyer = next(p for p in release["parties"] if "buyer" in p["roles"])
    assert buyer["identifier"]["id"] == "0000000000"
    assert release["buyer"] == {"id": "SE-BLV-0000000000", "name": "Demokommunen"}


def test_deploy_check_warns_while_the_ocds_defaults_are_in_use(settings):
    settings.INSYN = {**settings.INSYN, "MUNICIPALITY_NAME": "Demokommunen"}
    settings.INSYN.pop("PUBLIC", None)
    warnings = checks.ocds_buyer_is_configured()
    assert [w.id for w in warnings] == [
        "insyn.public.W001",
        "insyn.public.W002",
        "insyn.public.W003",
    ]
    assert "MUNICIPALITY_ORG_NUMBER" in warnings[1].msg


def test_deploy_check_is_silent_when_the_buyer_is_configured(settings):
    settings.INSYN = {
        **settings.INSYN,
        "MUNICIPALITY_NAME": "Exempelby kommun",
        "PUBLIC": {"MUNICIPALITY_ORG_NUMBER": "212000-0000", "OCID_PREFIX": "ocds-abc123"},
    }
    assert checks.ocds_buyer_is_configured() == []


def test_check_deploy_lists_the_ocds_warning(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.INSYN = {**settings.INSYN, "MUNICIPALITY_NAME": "Demokommunen"}
    settings.INSYN.pop("PUBLIC", None)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check", "--deploy", stdout=out, stderr=err)
    except SystemCheckError as error:  # other deploy checks may fail in the test settings
        err.write(str(error))
    assert "insyn.public.W002" in err.getvalue() + out.getvalue()

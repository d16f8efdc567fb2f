"""Open data: CSV and JSON of the same published rows, and the OCDS release package."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from insyn.public.models import PublishedUnit
from insyn.registry.tests.factories import UnitFactory

FIXTURES = Path(__file__).parent / "fixtures" / "ocds"


def _csv(client, route):
    response = client.get(reverse(route))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def _json(client, route):
    response = client.get(reverse(route))
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_csv_and_json_of_units_hold_the_same_published_rows(client, world):
    rows = _csv(client, "public:units_csv")
    document = _json(client, "public:units_json")
    assert document["licens"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert [r["verksamhet"] for r in rows] == [p["verksamhet"] for p in document["poster"]]
    assert sorted(r["verksamhet"] for r in rows) == [
        "Boendet Eken",
        "Lilla Stödboendet",
        "Solrosen Hisingen",
    ]
    sole = next(r for r in rows if r["verksamhet"] == "Lilla Stödboendet")
    assert sole["utforare"] == "Enskild näringsidkare" and sole["organisationsnummer"] == ""
    hisingen = next(r for r in rows if r["verksamhet"] == "Solrosen Hisingen")
    assert hisingen["senaste_uppfoljning"] == "2025-09"
    assert hisingen["senaste_resultat"] == "Brister har hittats, åtgärder pågår"
    assert hisingen["regi"] == "Privat eller annan utförare"


def test_followups_file_has_month_method_and_result(client, world):
    rows = _csv(client, "public:followups_csv")
    assert {(r["verksamhet"], r["manad"], r["resultat"]) for r in rows} == {
        ("Solrosen Hisingen", "2025-03", "met"),
        ("Solrosen Hisingen", "2025-09", "in_progress"),
        ("Solrosen Hisingen", "2025-05", "remedied"),
        ("Boendet Eken", "2025-06", "met"),
    }
    assert _json(client, "public:followups_json")["poster"][0]["manad"] == "2025-09"


def test_result_follows_the_deficiencies_after_publication(client, world):
    world["open_one"].deficiencies.update(status="remedied")
    rows = _csv(client, "public:followups_csv")
    assert {r["resultat"] for r in rows if r["manad"] == "2025-09"} == {"remedied"}


def test_csv_cells_that_look_like_formulas_are_escaped(client, world):
    unit = UnitFactory(provider=world["solrosen"], name='=HYPERLINK("x")', focus="@SUM(1)")
    PublishedUnit.objects.create(unit=unit)
    rows = _csv(client, "public:units_csv")
    row = next(r for r in rows if "HYPERLINK" in r["verksamhet"])
    assert row["verksamhet"] == '\'=HYPERLINK("x")'
    assert row["inriktning"] == "'@SUM(1)"


def test_ocds_package_describes_published_contracts_with_swedish_org_numbers(client, world):
    package = _json(client, "public:contracts_ocds")
    assert package["version"] == "1.1"
    releases = package["releases"]
    # The framework agreements of Solrosen and the sole trader; not the individual agreement
    # and not the own unit's assignment.
    assert len(releases) == 2
    solrosen = next(
        r for r in releases if r["awards"][0]["suppliers"][0]["name"] != "Enskild näringsidkare"
    )
    assert solrosen["ocid"].startswith("ocds-insyn0-")
    supplier = next(p for p in solrosen["parties"] if "supplier" in p["roles"])
    assert supplier["identifier"]["scheme"] == "SE-BLV"
    assert supplier["identifier"]["id"] == world["solrosen"].org_number.replace("-", "")
    buyer = next(p for p in solrosen["parties"] if "buyer" in p["roles"])
    assert buyer["name"] == "Demokommunen" and solrosen["buyer"]["id"] == buyer["id"]
    contract = solrosen["contracts"][0]
    assert contract["period"]["startDate"].startswith("2024-01-01")
    assert contract["period"]["endDate"].startswith("2027-12-31")
    assert contract["value"]["currency"] == "SEK"
    assert contract["value"]["amount"] == 4000000  # 1 000 000 kr a year for four years
    assert "SUMMA" not in json.dumps(package)  # contract titles are never published


def test_ocds_sole_trader_has_no_identifier_and_no_value(client, world):
    package = _json(client, "public:contracts_ocds")
    sole = next(
        r
        for r in package["releases"]
        if r["awards"][0]["suppliers"][0]["name"] == "Enskild näringsidkare"
    )
    supplier = next(p for p in sole["parties"] if "supplier" in p["roles"])
    assert "identifier" not in supplier
    assert "value" not in sole["contracts"][0]


def test_ocds_package_is_valid_against_the_official_schema(client, world):
    package_schema = FIXTURES / "release-package-schema.json"
    release_schema = FIXTURES / "release-schema.json"
    if not release_schema.exists():
        pytest.skip("the official OCDS release schema is not shipped in fixtures/ocds")
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_doc = json.loads(package_schema.read_text(encoding="utf-8"))
    release_doc = json.loads(release_schema.read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        [
            (release_doc["id"], Resource.from_contents(release_doc, default_specification=DRAFT4)),
            (package_doc["id"], Resource.from_contents(package_doc, default_specification=DRAFT4)),
        ]
    )
    # The package refers to the release schema by its URL; the registry answers it locally.
    ref = package_doc["properties"]["releases"]["items"]["$ref"]
    assert ref == release_doc["id"]
    validator = Draft4Validator(
        package_doc, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )
    package = _json(client, "public:contracts_ocds")
    assert package["releases"]
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_ocds_validator_rejects_a_broken_package(client, world):
    # Proves the validation test can fail: a release without its ocid is invalid.
    release_schema = FIXTURES / "release-schema.json"
    if not release_schema.exists():
        pytest.skip("the official OCDS release schema is not shipped in fixtures/ocds")
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    release_doc = json.loads(release_schema.read_text(encoding="utf-8"))
    package_doc = json.loads((FIXTURES / "release-package-schema.json").read_text())
    registry = Registry().with_resource(
        release_doc["id"], Resource.from_contents(release_doc, default_specification=DRAFT4)
    )
    package = _json(client, "public:contracts_ocds")
    del package["releases"][0]["ocid"]
    assert not Draft4Validator(package_doc, registry=registry).is_valid(package)

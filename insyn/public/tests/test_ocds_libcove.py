"""The Open Contracting Partnership's own data review library, libcoveocds (the engine of
the OCDS Data Review Tool), over /insyn/oppna-data/avtal-ocds.json: no schema errors and
no failed additional checks. Offline (docs/adr/008): the standard's schema files are given
to libcoveocds as the bytes of a ZIP built from fixtures/ocds, in the layout of the
standard's repository at tag 1__1__5, through its `standard_zip` setting."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.outside_check]

FIXTURES = Path(__file__).parent / "fixtures" / "ocds"
SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "versioned-release-validation-schema.json",
    "codelists/releaseTag.csv",
    "codelists/partyRole.csv",
)


def _standard_zip() -> bytes:
    """The standard's `schema/` folder as the GitHub archive of tag 1__1__5 lays it out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for name in SCHEMA_FILES:
            archive.write(FIXTURES / name, f"standard-1__1__5/schema/{name}")
    return buffer.getvalue()


def review(package: dict) -> dict:
    """libcoveocds' API context (what `libcoveocds` on the command line prints)."""
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig({"context": "api", "standard_zip": _standard_zip()})
    return ocds_json_output(json_data=package, lib_cove_ocds_config=config)


def _package(client):
    response = client.get(reverse("public:contracts_ocds"))
    assert response.status_code == 200
    return json.loads(response.content)


# Fields OCDS 1.1 requires and the standard's schema marks as deprecated from 1.2: libcoveocds
# lists them, but a 1.1 package must have them.
REQUIRED_IN_1_1 = {"initiationType", "license", "publishedDate", "publisher", "uri"}


def test_libcoveocds_finds_no_problem_in_the_ocds_package(client, world):
    package = _package(client)
    assert package["releases"]
    result = review(package)
    assert result["version_used"] == "1.1"
    assert result["validation_errors"] == []
    assert dict(result["additional_checks"]) == {}
    assert result["additional_fields"] == [] and result["all_additional_fields"] == []
    assert result["additional_closed_codelist_values"] == {}
    assert result["additional_open_codelist_values"] == {}
    assert {f["field"] for f in result["deprecated_fields"]} <= REQUIRED_IN_1_1
    assert result["count"] == result["unique_ocids_count"] == len(package["releases"])


def test_libcoveocds_reports_a_broken_package(client, world):
    # The review itself works offline: a release without an id, a date that is no date, a
    # tag outside the codelist and a field outside the schema are each reported.
    package = _package(client)
    release = package["releases"][0]
    del release["id"]
    release["date"] = "i går"
    release["tag"] = ["kontrakt"]
    release["kommun"] = "Exempelby"
    result = review(package)
    messages = json.dumps(result["validation_errors"], ensure_ascii=False)
    assert "'id' is missing" in messages and "date" in messages
    assert "releases/tag" in result["additional_open_codelist_values"]
    assert any(f["field"] == "kommun" for f in result["additional_fields"])

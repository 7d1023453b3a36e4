"""The HSDS export of the bundled infobundle validates against the HSDS 3.0 compiled schemas."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from wegwijzer.db import Database
from wegwijzer.directory.export import hsds_documents
from wegwijzer.directory.validate import errors

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "hsds" / "3.0" / "schema" / "compiled"
VENDORED = Path(__file__).resolve().parents[2] / "wegwijzer" / "hsds"


@pytest.fixture(scope="module")
def documents(imported_url: str) -> tuple[list[dict], list[dict]]:
    database = Database(imported_url)
    with database.session() as session:
        docs = hsds_documents(session)
    database.dispose()
    return docs


def test_every_service_validates(documents: tuple[list[dict], list[dict]]) -> None:
    services, _ = documents
    problems = [e for s in services for e in errors(s, "service")]
    assert problems == []


def test_every_organization_validates(documents: tuple[list[dict], list[dict]]) -> None:
    _, organizations = documents
    problems = [e for o in organizations for e in errors(o, "organization")]
    assert problems == []


def test_validation_really_rejects_broken_objects(documents: tuple[list[dict], list[dict]]) -> None:
    service = dict(documents[0][0])
    service["status"] = "open"
    service["minimum_age"] = "twaalf"
    found = errors(service, "service")
    assert any("status" in e for e in found) and any("minimum_age" in e for e in found)


def test_counts_match_the_bundle(documents: tuple[list[dict], list[dict]]) -> None:
    services, organizations = documents
    assert len(organizations) > 45
    assert len(services) > 80
    fiches = Counter(o.get("id") for o in organizations)
    assert max(fiches.values()) == 1


def test_service_objects_are_fully_nested(documents: tuple[list[dict], list[dict]]) -> None:
    services, _ = documents
    with_location = [s for s in services if s["service_at_locations"]]
    assert len(with_location) > len(services) // 2
    sal = with_location[0]["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"]
    assert all(s["organization"]["name"] for s in services)
    assert all(any(a["link_type"] == "fase" for a in s["attributes"]) for s in services)
    assert all(a["taxonomy_term"]["code"] == a["value"] for s in services for a in s["attributes"])
    assert all(s["metadata"] for s in services)


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ HSDS schemas not beside the checkout")
@pytest.mark.parametrize("name", ["service.json", "organization.json"])
def test_vendored_schemas_are_the_published_ones(name: str) -> None:
    assert gzip.decompress((VENDORED / f"{name}.gz").read_bytes()) == (SHARED / name).read_bytes()

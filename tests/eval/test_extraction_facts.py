"""Facts read by hand from the infobundle, checked against the imported directory.

The facts live in ``extraction_facts.yaml`` (see README.md here). Each fact is one test, so a
failure names the fiche, the field and the line of the document it was read from.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine

from wegwijzer.directory.hsds import Snapshot, organization_object
from wegwijzer.directory.models import Base  # noqa: F401

FACTS_FILE = Path(__file__).with_name("extraction_facts.yaml")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _facts() -> list[dict[str, Any]]:
    if not FACTS_FILE.exists():
        return []
    return yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))["facts"]


@pytest.fixture(scope="module")
def organizations(imported_url: str) -> list[dict[str, Any]]:
    from sqlalchemy.orm import Session

    engine = create_engine(imported_url)
    with Session(engine) as session:
        snap = Snapshot.load(session)
    engine.dispose()
    out = []
    for row in snap.organizations():
        obj = organization_object(snap, row["id"], with_services=True)
        obj["_fiche"] = row["source_fiche"]
        out.append(obj)
    return out


def _phones(obj: Any) -> list[str]:
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "phones":
                found += [p["number"] for p in value]
            if key != "organization":
                found += _phones(value)
    elif isinstance(obj, list):
        for item in obj:
            found += _phones(item)
    return found


def _walk_values(obj: Any, key: str) -> list[Any]:
    found: list[Any] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key and v is not None:
                found.append(v)
            found += _walk_values(v, key)
    elif isinstance(obj, list):
        for item in obj:
            found += _walk_values(item, key)
    return found


def _texts(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in _texts(v)]
    if isinstance(obj, list):
        return [t for v in obj for t in _texts(v)]
    return [obj] if isinstance(obj, str) else []


def _site(url: str) -> str:
    url = re.sub(r"^[a-z]+://", "", url.strip().lower()).rstrip("/")
    return url.removeprefix("www.")


def _attribute_values(service: dict[str, Any], taxonomy: str) -> set[str]:
    return {a["value"] for a in service["attributes"] if a.get("link_type") == taxonomy}


def _served_at(candidates: list[dict[str, Any]], orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Services of other organisations given at the candidates' locations: a sub-organisation
    split off by its contact entry offers its parent's services at its own location."""
    own = {id(s) for o in candidates for s in o.get("services", [])}
    locations = {loc["id"] for o in candidates for loc in o.get("locations", [])}
    return [s for o in orgs for s in o.get("services", []) if id(s) not in own
            and any(sal.get("location_id") in locations for sal in s.get("service_at_locations", []))]


def check(fact: dict[str, Any], orgs: list[dict[str, Any]]) -> str | None:
    """None when the fact holds, else what was found instead."""
    pattern = re.compile(fact["organization"])
    candidates = [o for o in orgs if o["_fiche"] == str(fact["fiche"]) and pattern.search(fold(o["name"]))]
    if not candidates:
        names = [o["name"] for o in orgs if o["_fiche"] == str(fact["fiche"])]
        return f"no organisation of fiche {fact['fiche']} matches {fact['organization']!r}; have {names}"
    field, value = fact["field"], fact.get("value")
    services = [s for o in candidates for s in o.get("services", [])] + _served_at(candidates, orgs)
    if "service" in fact and field not in ("service",):
        sp = re.compile(fact["service"])
        services = [s for s in services if sp.search(fold(s["name"]))]
        if not services:
            return f"no service matches {fact['service']!r}"
    if field == "phone":
        have = {p for o in candidates for p in _phones(o)}
        return None if value in have else f"phones: {sorted(have)}"
    if field == "email":
        have = {e.lower() for o in candidates for e in _walk_values(o, "email")}
        return None if value.lower() in have else f"emails: {sorted(have)}"
    if field == "website":
        have = {_site(u) for o in candidates for key in ("website", "url") for u in _walk_values(o, key)}
        return None if _site(value) in have else f"websites: {sorted(have)}"
    if field in ("postcode", "municipality", "street"):
        key = {"postcode": "postal_code", "municipality": "region", "street": "address_1"}[field]
        have = {str(a.get(key)) for o in candidates for a in _walk_values(o, "addresses") for a in a}
        return None if str(value) in have else f"{key}: {sorted(have)}"
    if field == "contact_person":
        have = {c.get("name") for o in candidates for cs in _walk_values(o, "contacts") for c in cs}
        return None if value in have else f"contacts: {sorted(h for h in have if h)}"
    if field == "service":
        sp = re.compile(value)
        if any(sp.search(fold(s["name"])) for s in services):
            return None
        return f"services: {[s['name'] for s in services]}"
    if field in ("min_age", "max_age"):
        key = {"min_age": "minimum_age", "max_age": "maximum_age"}[field]
        have = {s.get(key) for s in services}
        return None if value in have else f"{key}: {sorted(have, key=str)}"
    if field == "free":
        have = {c.get("amount") for s in services for c in s["cost_options"]}
        return None if (0 in have) == bool(value) else f"cost amounts: {have}"
    if field == "cost_amount":
        have = {c.get("amount") for s in services for c in s["cost_options"]}
        return None if float(value) in {float(h) for h in have if h is not None} else f"cost amounts: {have}"
    if field == "funding":
        fp = re.compile(value)
        have = {f.get("source", "") for o in candidates for fs in _walk_values(o, "funding") for f in fs}
        return None if any(fp.search(fold(h)) for h in have) else f"funding: {sorted(have)}"
    if field in ("route", "phase"):
        taxonomy = {"route": "aanmeldroute", "phase": "fase"}[field]
        have = set().union(*(_attribute_values(s, taxonomy) for s in services)) if services else set()
        return None if value in have else f"{taxonomy}: {sorted(have)}"
    if field == "absent_text":
        hits = [t for o in candidates for t in _texts(o) if value in t]
        return None if not hits else f"found in: {hits[0][:120]!r}"
    return f"unknown field {field!r}"


FACTS = _facts()


@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_fact_from_the_infobundle_is_imported(fact: dict[str, Any], organizations: list[dict[str, Any]]) -> None:
    problem = check(fact, organizations)
    assert problem is None, f"line {fact.get('line')}: {fact['field']}={fact.get('value')!r}: {problem}"

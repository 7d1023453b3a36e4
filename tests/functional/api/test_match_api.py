"""POST /api/match returns exactly the JSON of `wegwijzer match --json`; bad profiles give 422 in Dutch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from fastapi.testclient import TestClient

from wegwijzer.db import Database
from wegwijzer.match.profile import build_profile
from wegwijzer.match.services import Matcher

FULL_PROFILE = {
    "age": 15,
    "level": "secundair-2e-graad",
    "stream": "bso",
    "needs": ["spijbelen", "motivatie"],
    "asker": "clb",
    "school_language": "nl",
    "municipality": "sint-jans-molenbeek",
    "limit": 5,
}
CLI_ARGS = [
    "--age",
    "15",
    "--level",
    "secundair-2e-graad",
    "--stream",
    "bso",
    "--need",
    "spijbelen",
    "--need",
    "motivatie",
    "--asker",
    "clb",
    "--school-language",
    "nl",
    "--municipality",
    "sint-jans-molenbeek",
    "--limit",
    "5",
]


def post(client: TestClient, body: dict[str, Any]) -> Any:
    response = client.post("/api/match", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_match_equals_the_cli_json(client: TestClient, api_database: Database) -> None:
    env = {**os.environ, "WEGWIJZER_DATABASE_URL": api_database.url}
    env.pop("WEGWIJZER_DEBUG", None)
    text = "Mijn zoon van 15 spijbelt veel en heeft geen zin meer in school."
    for body, args in ((FULL_PROFILE, CLI_ARGS), ({"text": text}, ["--text", text])):
        done = subprocess.run(
            [sys.executable, "-m", "wegwijzer.cli.main", "match", *args, "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert post(client, body) == json.loads(done.stdout)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"needs": ["uitsluiting"], "asker": "ouder"},
        {"text": "Een meisje van 13 in het eerste middelbaar wordt gepest en is somber.", "limit": 20},
        {"age": "17", "level": "geen-school", "needs": ["werk", "diploma"]},
        {"level": "okan", "needs": ["taal"], "school_language": "nl"},
    ],
)
def test_match_equals_the_matcher(client: TestClient, api_database: Database, body: dict[str, Any]) -> None:
    with api_database.session() as session:
        matcher = Matcher.from_session(session)
    options = {k: v for k, v in body.items() if k != "limit"}
    expected = matcher.run(build_profile(**options), limit=body.get("limit", 10)).to_json()
    assert post(client, body) == json.loads(json.dumps(expected, ensure_ascii=False))


@pytest.mark.parametrize(
    ("body", "field", "allowed"),
    [
        ({"level": "universiteit"}, "level", "secundair-1e-graad"),
        ({"needs": ["spijbelen", "verveling"]}, "needs", "spijbelen"),
        ({"asker": "buurman"}, "asker", "hulpverlener"),
        ({"school_language": "de"}, "school_language", "nl"),
        ({"municipality": "gent"}, "municipality", "buiten-brussel"),
        ({"stream": "xyz"}, "stream", "bso"),
        ({"age": 150}, "age", "0 tot 120"),
        ({"age": "vijftien"}, "age", "0 tot 120"),
    ],
)
def test_bad_profile_values_give_422_naming_the_allowed_values(
    client: TestClient, body: dict[str, Any], field: str, allowed: str
) -> None:
    response = client.post("/api/match", json=body)
    assert response.status_code == 422
    data = response.json()
    assert data["detail"][0]["loc"] == ["body", field]
    assert allowed in data["message"] and f"voor {field}" in data["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"limit": 0},
        {"limit": 201},
        {"limit": "5"},
        {"needs": "spijbelen"},
        {"age": True},
        {"age": 15.5},
        {"onbekend": 1},
        [],
        "tekst",
        {"text": "x" * 20_001},
    ],
)
def test_malformed_bodies_give_422(client: TestClient, body: Any) -> None:
    response = client.post("/api/match", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["message"].startswith("Ongeldige invoer")


def test_invalid_json_gives_422(client: TestClient) -> None:
    response = client.post("/api/match", content=b"{niet: json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422


def test_match_is_not_cached(client: TestClient) -> None:
    response = client.post("/api/match", json={"needs": ["taal"]})
    assert response.status_code == 200 and "etag" not in response.headers

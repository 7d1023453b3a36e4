"""`wegwijzer match` end to end on the imported infobundle: the JSON contract, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_cli

PROFILE_KEYS = {"age", "level", "stream", "needs", "asker", "school_language", "municipality", "from_text"}
RESULT_KEYS = {"rank", "service_id", "service", "organization_id", "organization", "score", "eligibility",
               "reasons", "route"}
EXCLUDED_KEYS = {"service_id", "service", "organization", "reasons"}


run = run_cli


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = run(home, "import")
    assert result.returncode == 0, result.stderr
    return home


def match_json(home: Path, *args: str) -> dict:
    result = run(home, "match", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_match_json_follows_the_contract(home: Path) -> None:
    data = match_json(home, "--age", "15", "--level", "secundair-2e-graad", "--stream", "bso", "--need", "spijbelen",
                      "--need", "motivatie", "--asker", "clb", "--school-language", "nl",
                      "--municipality", "sint-jans-molenbeek")
    assert set(data) == {"profile", "results", "excluded", "procedures"}
    assert set(data["profile"]) == PROFILE_KEYS
    assert data["profile"]["needs"] == ["spijbelen", "motivatie"] and data["profile"]["from_text"] == {}
    assert 1 <= len(data["results"]) <= 10
    for i, r in enumerate(data["results"], start=1):
        assert set(r) == RESULT_KEYS and r["rank"] == i
        assert r["eligibility"] in ("fits", "unknown") and 0 <= r["score"] <= 1
        assert r["reasons"] and all(isinstance(x, str) for x in r["reasons"]) and r["route"]
    for e in data["excluded"]:
        assert set(e) == EXCLUDED_KEYS and e["reasons"]
    for p in data["procedures"]:
        assert set(p) == {"id", "title"}


def test_match_text_is_read_and_echoed(home: Path) -> None:
    data = match_json(home, "--text", "Meisje van 13 in het eerste middelbaar blijft vaak weg van school.")
    assert data["profile"]["from_text"]["age"] == 13
    assert data["profile"]["level"] == "secundair-1e-graad"
    assert "spijbelen" in data["profile"]["needs"]
    assert data["results"]


def test_match_explicit_options_win_over_the_text(home: Path) -> None:
    data = match_json(home, "--text", "Jongen van 16", "--age", "17")
    assert data["profile"]["age"] == 17 and data["profile"]["from_text"]["age"] == 16


def test_match_never_lists_a_too_young_service_for_an_adult(home: Path) -> None:
    data = match_json(home, "--age", "25", "--need", "time-out", "--limit", "50")
    assert all("leeftijd 25 valt buiten" not in " ".join(r["reasons"]) for r in data["results"])
    assert any(reason.startswith("leeftijd 25 valt buiten") for e in data["excluded"] for reason in e["reasons"])


def test_match_limit(home: Path) -> None:
    assert len(match_json(home, "--need", "werk", "--limit", "3")["results"]) == 3


@pytest.mark.parametrize(("args", "allowed"), [
    (["--age", "200"], "0 tot 120"),
    (["--age", "-3"], "0 tot 120"),
    (["--age", "abc"], "0 tot 120"),
    (["--level", "universiteit"], "geen-school"),
    (["--need", "verveling"], "spijbelen"),
    (["--asker", "buurman"], "hulpverlener"),
    (["--school-language", "de"], "nl, fr"),
    (["--municipality", "parijs"], "anderlecht"),
    (["--stream", "latijn"], "aso"),
    (["--limit", "0"], "1 tot"),
])
def test_match_bad_arguments_exit_2_with_a_dutch_message(home: Path, args: list[str], allowed: str) -> None:
    result = run(home, "match", *args, "--json")
    assert result.returncode == 2
    assert "toegelaten" in result.stderr and allowed in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("text", [
    "spijbelen " * 1200,  # > 10 kB
    "'; DROP TABLE service; -- \" OR 1=1",
    'spijbel* NEAR("a" b) AND ^^^ ((( {} []',
    "😀🚸📚" * 500,
])
def test_match_hostile_text_never_crashes(home: Path, text: str) -> None:
    result = run(home, "match", "--text", text, "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_match_readable_output_lists_results_exclusions_and_routes(home: Path) -> None:
    result = run(home, "match", "--age", "8", "--level", "lager", "--need", "gedrag", "--need", "time-out",
                 "--asker", "school")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert " 1. " in out and "waarom:" in out and "aanmelden:" in out
    assert "Niet van toepassing:" in out and "valt buiten" in out


def test_match_on_an_empty_directory_says_so(tmp_path: Path) -> None:
    result = run(tmp_path, "match", "--need", "spijbelen", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["results"] == []
    assert "import" in result.stderr

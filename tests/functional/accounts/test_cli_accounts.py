"""`wegwijzer user …` and `wegwijzer token …` end to end (the real command in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tests.cli import run_cli
from tests.databases import cli_environment, home_url
from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database

PASSWORD = "a long enough password"


def _db(home: Path) -> Database:
    return Database(home_url(home))


def test_user_add_list_disable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = run_cli(home, "user", "add", "Redacteur@Example.org", "--role", "redacteur", "--password", PASSWORD)
    assert added.returncode == 0, added.stderr
    listing = run_cli(home, "user", "list")
    assert "redacteur@example.org" in listing.stdout and "actief" in listing.stdout
    disabled = run_cli(home, "user", "disable", "redacteur@example.org")
    assert disabled.returncode == 0
    assert "uitgeschakeld" in run_cli(home, "user", "list").stdout


def test_user_add_reads_the_password_from_stdin_with_a_dash(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = cli_environment(home)
    done = subprocess.run([sys.executable, "-m", "wegwijzer.cli.main", "user", "add", "r@example.org", "--role",
                           "redacteur", "--password", "-"], input=PASSWORD + "\n", capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    client = TestClient(create_app(Settings(home=home, database_url=home_url(home)), _db(home)))
    from tests.accounts import login

    login(client, "r@example.org", PASSWORD)
    assert client.get("/account").status_code == 200


def test_user_add_prompts_twice_and_refuses_different_answers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = cli_environment(home)
    args = [sys.executable, "-m", "wegwijzer.cli.main", "user", "add", "r@example.org", "--role", "redacteur"]
    same = subprocess.run(args, input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True, env=env,
                          timeout=120)
    assert same.returncode == 0, same.stderr
    different = subprocess.run([*args[:5], "s@example.org", *args[6:]], input=f"{PASSWORD}\nsomething else\n",
                               capture_output=True, text=True, env=env, timeout=120)
    assert different.returncode != 0
    assert "s@example.org" not in run_cli(home, "user", "list").stdout


def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cases = [
        ("user", "add", "geen-adres", "--role", "redacteur", "--password", PASSWORD),
        ("user", "add", "a@example.org", "--role", "koning", "--password", PASSWORD),
        ("user", "add", "a@example.org", "--role", "redacteur", "--password", "kort"),
        ("user", "add", "a@example.org", "--role", "partner", "--password", PASSWORD),
        ("user", "add", "a@example.org", "--role", "partner", "--organization", "bestaat-niet", "--password", PASSWORD),
        ("user", "disable", "niemand@example.org"),
        ("token", "create", "niemand@example.org"),
        ("token", "revoke", "bestaat-niet"),
    ]
    for args in cases:
        done = run_cli(home, *args)
        assert done.returncode != 0, args
        assert "Traceback" not in done.stderr and done.stderr.strip().count("\n") == 0, done.stderr
        assert done.stderr.startswith("Fout:"), done.stderr
    assert "a@example.org" not in run_cli(home, "user", "list").stdout
    duplicate = run_cli(home, "user", "add", "b@example.org", "--role", "redacteur", "--password", PASSWORD)
    assert duplicate.returncode == 0
    again = run_cli(home, "user", "add", "B@example.org", "--role", "beheerder", "--password", PASSWORD)
    assert again.returncode != 0 and "bestaat al" in again.stderr


def test_token_create_prints_the_token_last_and_revoke_stops_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli(home, "user", "add", "r@example.org", "--role", "redacteur", "--password", PASSWORD)
    created = run_cli(home, "token", "create", "r@example.org", "--name", "ci")
    assert created.returncode == 0, created.stderr
    token = created.stdout.split()[-1]
    client = TestClient(create_app(Settings(home=home, database_url=home_url(home)), _db(home)))
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["email"] == "r@example.org"
    token_id = created.stdout.split("(id ")[1].split(";")[0]
    assert run_cli(home, "token", "revoke", token_id).returncode == 0
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

"""``wegwijzer links check|report`` and ``wegwijzer review due`` end to end (subprocess, real database).

Every website in the copied directory points at a local test server, so nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update

from tests.cli import run_cli
from tests.databases import clone_into_home, home_url
from tests.linkserver import LinkServer, link_server
from wegwijzer.directory.models import Service


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with link_server() as srv:
        yield srv


def make_home(imported_template: str, home: Path, base: str) -> Path:
    """A data folder with the imported bundle whose websites all point at ``base``."""
    home.mkdir(parents=True)
    engine = create_engine(clone_into_home(imported_template, home))
    with engine.begin() as conn:
        conn.execute(text("UPDATE organization SET website = :u WHERE website IS NOT NULL"), {"u": base + "/ok"})
        conn.execute(text("UPDATE service SET url = :u WHERE url IS NOT NULL"), {"u": base + "/moved"})
        conn.execute(text("UPDATE location SET url = :u WHERE url IS NOT NULL"), {"u": base + "/error"})
        first = conn.execute(select(Service.id).order_by(Service.sort_order, Service.name)).scalars().first()
        conn.execute(update(Service).where(Service.id == first).values(url=base + "/missing"))
    engine.dispose()
    return home


@pytest.fixture
def home(imported_template: str, tmp_path: Path, server: LinkServer) -> Path:
    return make_home(imported_template, tmp_path / "home", server.base)


def test_check_reports_broken_links_with_their_records_and_exits_0(home: Path, server: LinkServer) -> None:
    result = run_cli(home, "links", "check", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "4 websites gecontroleerd: 2 in orde, 1 kapot, 1 mislukt" in result.stdout
    broken = result.stdout.split("Kapotte websites")[1].split("Deze keer mislukt")[0]
    assert server.base + "/missing" in broken and "Foutcode van de server (404)" in broken
    assert "dienst:" in broken  # the record that uses it
    assert server.base + "/error" in result.stdout.split("Deze keer mislukt")[1]


def test_second_failure_makes_a_link_broken(home: Path, server: LinkServer) -> None:
    assert run_cli(home, "links", "check").returncode == 0
    again = run_cli(home, "links", "check")
    assert again.returncode == 0, again.stderr
    assert "4 websites gecontroleerd: 2 in orde, 2 kapot, 0 mislukt" in again.stdout
    assert server.base + "/error" in again.stdout.split("Kapotte websites")[1]


def test_only_checks_websites_with_the_prefix(home: Path, server: LinkServer) -> None:
    server.seen.requests.clear()
    result = run_cli(home, "links", "check", "--only", server.base + "/miss")
    assert result.returncode == 0, result.stderr
    assert "1 websites gecontroleerd" in result.stdout
    assert server.seen.requests == [("HEAD", "/missing")]


def test_timeout_option_turns_a_slow_site_into_a_timeout(imported_template: str, tmp_path: Path,
                                                         server: LinkServer) -> None:
    home = make_home(imported_template, tmp_path / "slow", server.base)
    engine = create_engine(home_url(home))
    with engine.begin() as conn:
        conn.execute(text("UPDATE organization SET website = :u WHERE website IS NOT NULL"),
                     {"u": server.base + "/slow"})
    engine.dispose()
    result = run_cli(home, "links", "check", "--timeout", "0.3", "--only", server.base + "/slow")
    assert result.returncode == 0, result.stderr
    assert "Geen antwoord binnen de tijdslimiet" in result.stdout


def test_report_prints_the_stored_results(home: Path, server: LinkServer) -> None:
    before = run_cli(home, "links", "report")
    assert before.returncode == 0 and "nog geen enkele gecontroleerd" in before.stdout
    assert run_cli(home, "links", "check").returncode == 0
    report = run_cli(home, "links", "report")
    assert report.returncode == 0, report.stderr
    assert "4 websites in de gids, 4 gecontroleerd" in report.stdout and "1 kapot" in report.stdout
    assert server.base + "/missing" in report.stdout and server.base + "/ok " not in report.stdout
    everything = run_cli(home, "links", "report", "--all")
    assert server.base + "/ok" in everything.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--timeout", "0"), "--timeout"),
    (("--timeout", "abc"), "--timeout"),
    (("--only", "ftp://example.org"), "--only moet een webadres zijn"),
    (("--only", "https://nergens.example.org/"), "Geen enkele website in de gids begint met"),
])
def test_bad_options_exit_non_zero_with_a_message(home: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli(home, "links", "check", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_linkcheck_off_checks_nothing(home: Path, server: LinkServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWIJZER_LINKCHECK", "off")
    server.seen.requests.clear()
    result = run_cli(home, "links", "check")
    assert result.returncode == 0 and "staat uit" in result.stdout
    assert server.seen.requests == []


def test_review_due_lists_services_not_checked(home: Path) -> None:
    engine = create_engine(home_url(home))
    with engine.begin() as conn:
        conn.execute(update(Service).values(assured_date="2000-01-01"))
        ids = conn.execute(select(Service.id).order_by(Service.sort_order, Service.name)).scalars().all()
        conn.execute(update(Service).where(Service.id == ids[0]).values(assured_date="2999-01-01"))
    engine.dispose()
    result = run_cli(home, "review", "due", "--days", "30")
    assert result.returncode == 0, result.stderr
    assert f"{len(ids) - 1} diensten zijn aan een controle toe (niet nagekeken in 30 dagen)" in result.stdout
    assert ids[1] in result.stdout and ids[0] not in result.stdout and "2000-01-01" in result.stdout


def test_review_due_refuses_zero_days(home: Path) -> None:
    result = run_cli(home, "review", "due", "--days", "0")
    assert result.returncode == 2 and "--days" in result.stderr

"""``wegwijzer report gaps`` on the bundled data: terminal tables, JSON, CSV and bad options."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli import run_cli
from wegwijzer.db import Database


def test_report_gaps_prints_the_matrices_and_lists(imported_db: Database, tmp_path: Path) -> None:
    out = run_cli(tmp_path, "report", "gaps", "--phase", "compensatie", db_url=imported_db.url)
    assert out.returncode == 0, out.stderr
    for title in ("Aanbod per nood en leeftijdsgroep", "Aanbod per nood en onderwijstaal van de school",
                  "Aanbod met een adres in de gemeente, per fase"):
        assert title in out.stdout
    assert "Geen aanbod (" in out.stdout and "Eén aanbod (" in out.stdout and "Overlap (10 of meer) (" in out.stdout
    assert "Alsnog een diploma of kwalificatie behalen · 6-11: 0" in out.stdout  # a gap, see test_bundle_cells
    assert "Werk, stage, opleiding richting werk · 18-24: 12" in out.stdout  # an overlap


def test_report_gaps_as_json_and_csv(imported_db: Database, tmp_path: Path) -> None:
    out = run_cli(tmp_path, "report", "gaps", "--level", "geen-school", "--overlap", "5", "--json",
                  db_url=imported_db.url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["level"] == "geen-school" and data["thresholds"]["overlap"] == 5
    cell = next(c for c in data["dekking"]["cells"] if (c["need"], c["age_band"]) == ("diploma", "18-24"))
    assert cell["count"] == 14 and "Tweedekansonderwijs (secundair volwassenenonderwijs)" in {
        s["name"] for s in cell["services"]}
    assert {"need": "diploma", "age_band": "18-24", "count": 14} in data["dekking"]["overlaps"]
    assert len(data["gemeenten"]["cells"]) == 19 * 3

    out = run_cli(tmp_path, "report", "gaps", "--csv", "--matrix", "gemeenten", db_url=imported_db.url)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 57 and list(rows[0])[:3] == ["gemeente", "fase", "onderwijsniveau"]


def test_report_gaps_refuses_bad_options(imported_db: Database, tmp_path: Path) -> None:
    bad = run_cli(tmp_path, "report", "gaps", "--phase", "nazorg", db_url=imported_db.url)
    assert bad.returncode == 2
    assert "ongeldige waarde 'nazorg' voor --phase; toegelaten: preventie, interventie, compensatie" in bad.stderr
    both = run_cli(tmp_path, "report", "gaps", "--json", "--csv", db_url=imported_db.url)
    assert both.returncode == 2 and "niet allebei" in both.stderr
    low = run_cli(tmp_path, "report", "gaps", "--overlap", "1", db_url=imported_db.url)
    assert low.returncode == 2

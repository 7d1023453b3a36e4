"""The schematic overview: organisation labels and their phases."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import wegwijzer
from wegwijzer.ingest.overview import match_labels, name_similarity, overview_rows, parse_overview
from wegwijzer.ingest.segment import find_fiches, overview_range

DOCUMENT = Path(wegwijzer.__file__).parent / "data" / "infobundel-schooluitval-brussel.txt"


@cache
def overview() -> dict[str, set[str]]:
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    start, end = overview_range(lines) or (0, 0)
    return parse_overview(lines[start:end], start + 1)


def test_overview_range_is_found() -> None:
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    start, end = overview_range(lines) or (0, 0)
    assert 35 < start < 50 and 800 < end < 815


def test_overview_has_a_row_per_organisation() -> None:
    assert len(overview()) >= 45


@pytest.mark.parametrize(
    ("label", "phases"),
    [
        ("VGC – flankerend onderwijsbeleid", {"preventie"}),
        ("Syntra Brussel", {"interventie", "compensatie"}),
        ("D’Broej", {"preventie", "interventie"}),
        ("TEJO BXL", {"interventie"}),
        ("Kinderrechtencommissariaat", {"interventie"}),
        ("LIFT Brussel", {"compensatie"}),
        ("Secundair volwassenenonderwijs (Tweedekansonderwijs)", {"compensatie"}),
        ("Actief Zoeken naar Werk", {"compensatie"}),
        ("Startbanenproject jojo veve", {"compensatie"}),
        ("Try-out (Alba vzw / Tonuso)", {"interventie"}),
        ("Abrusco", {"preventie", "interventie"}),
    ],
)
def test_phases_from_the_overview(label: str, phases: set[str]) -> None:
    assert overview()[label] == phases


@pytest.mark.parametrize(
    "label",
    ["Ouderkoepels (GO! ouders, KOOGO, VCOV)", "Onderwijscentrum Brussel (OCB)",
     "Tigo – dagbegeleiding OBC Espero", "Wereld van Indra", "CKG Sloebernest (i-mens)",
     "NEETs-partners (i.k.v. Youth Guarantee en Beroepenpunt)"],
)
def test_labels_after_page_breaks_and_on_own_lines_are_rows(label: str) -> None:
    assert label in overview()


def test_cell_content_is_not_taken_for_a_label() -> None:
    assert not any(label.startswith(("Sterk genoeg", "Aanbod flexibele", "Trajecten binnen")) for label in overview())


def test_a_label_without_cells_on_its_line_starts_in_the_column_of_its_first_entry() -> None:
    rows = overview_rows(["LIFT Brussel ", "", "  \uf0fc Begeleiding van schoolverlaters ", ""])
    assert [(r.label, r.phases) for r in rows] == [("LIFT Brussel", {"compensatie"})]


@pytest.mark.parametrize(
    ("label", "fiche"),
    [
        ("VGC – flankerend onderwijsbeleid", "1"),
        ("Ouderkoepels (GO! ouders, KOOGO, VCOV)", "5"),
        ("Centra voor Leerlingenbegeleiding (CLB)", "10"),
        ("Leerwinkel Brussel", "12"),
        ("CGG Brussel (Kinder-en Jongerenteam)", "24"),
        ("Dagbestedingsinitiatief Tito", "25.6"),
        ("NEETs-partners (i.k.v. Youth Guarantee en Beroepenpunt)", "29"),
        ("De Werklijn", "37"),
    ],
)
def test_overview_labels_match_fiches_by_fuzzy_name(label: str, fiche: str) -> None:
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    titles = {span.number: span.title for span in find_fiches(lines)}
    assert match_labels([label], titles).get(label) == fiche


def test_unrelated_names_are_not_similar() -> None:
    assert name_similarity("Ondersteuningsnetwerken", "Duaal leren / leren en werken") < 0.45

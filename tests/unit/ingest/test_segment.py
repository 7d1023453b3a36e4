"""Segmentation of the bundled infobundle: fiches, fields, cleaning."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import wegwijzer
from wegwijzer.ingest.clean import blocks, clean_text, is_footer, is_link_debris
from wegwijzer.ingest.segment import find_fiches, next_numbers, split_fiche

DOCUMENT = Path(wegwijzer.__file__).parent / "data" / "infobundel-schooluitval-brussel.txt"
EXPECTED = [str(n) for n in range(1, 26)] + [f"25.{n}" for n in range(1, 12)] + [str(n) for n in range(26, 41)]


@cache
def lines() -> list[str]:
    return DOCUMENT.read_text(encoding="utf-8").split("\n")


@cache
def spans() -> dict[str, object]:
    return {span.number: span for span in find_fiches(lines())}


def test_all_fiche_numbers_are_found_in_order() -> None:
    assert [span.number for span in find_fiches(lines())] == EXPECTED


@pytest.mark.parametrize(
    ("number", "title_start"),
    [
        ("1", "Vlaamse Gemeenschapscommissie (VGC)"),
        ("2", "Agentschap voor OnderwijsDiensten (AGODI)"),
        ("4", "Pedagogische begeleidingsdienst (PBD)"),
        ("10", "Centrum voor leerlingenbegeleiding (CLB)"),
        ("12", "Tracé Brussel vzw – Leerwinkel Brussel"),
        ("17", "Gemeentelijke diensten ter preventie van schoolverzuim"),
        ("25", "KANS Centraal Meldpunt Brussel"),
        ("25.1", "Abrusco"),
        ("25.2", "Groep INTRO"),
        ("25.11", "YAR Vlaanderen"),
        ("27", "Platform voor de samenlevingsdienst"),
        ("37", "CAD1 De werklijn"),
        ("40", "Actief Zoeken naar Werk (AZW)"),
    ],
)
def test_fiche_titles(number: str, title_start: str) -> None:
    assert spans()[number].title.startswith(title_start)


@pytest.mark.parametrize(
    ("number", "subsection_line"),
    [("1", "1. Onderwijscentrum Brussel"), ("1", "2. Brede scholen"), ("10", "1. Verplichte opdracht")],
)
def test_numbered_subsections_are_not_fiche_titles(number: str, subsection_line: str) -> None:
    span = spans()[number]
    inside = lines()[span.line_start:span.line_end]
    assert any(line.strip().startswith(subsection_line) for line in inside)


@pytest.mark.parametrize(
    ("current", "expected"),
    [(None, ["1"]), ("24", ["25", "24.1"]), ("25", ["26", "25.1"]), ("25.11", ["25.12", "26"])],
)
def test_next_fiche_numbers(current: str | None, expected: list[str]) -> None:
    assert next_numbers(current) == expected


@pytest.mark.parametrize(
    ("number", "field", "value_start"),
    [
        ("25.1", "Doelgroep", "Jongeren uit het Nederlandstalig onderwijs"),
        ("25.1", "Kostprijs", "gratis"),
        ("8", "Kostprijs", "20 euro per schooljaar"),
        ("25", "Doelgroep", ""),
        ("12", "Financiering", ""),
    ],
)
def test_standard_fields_are_split(number: str, field: str, value_start: str) -> None:
    parts = split_fiche(lines(), spans()[number])
    assert field in parts.fields
    assert clean_text("\n".join(parts.fields[field].lines)).startswith(value_start)


@pytest.mark.parametrize(("number", "missing"), [("1", "Doelgroep"), ("20", "Aanmelding"), ("28", "Doelstelling")])
def test_missing_fields_are_absent(number: str, missing: str) -> None:
    assert missing not in split_fiche(lines(), spans()[number]).fields


@pytest.mark.parametrize(
    "line",
    ["Netwerk ‘Samen tegen schooluitval’ Brussel   96 ", "Netwerk 'Samen tegen schooluitval' Brussel 3"],
)
def test_footer_lines_are_recognised(line: str) -> None:
    assert is_footer(line)


@pytest.mark.parametrize(
    "line",
    ["mailto:evatrogh@kans.brussels", "tel:024266361", "javascript:void(0)",
     "https://www.lscwbb.be/", "http://www.abrusco.be/"],
)
def test_link_dump_lines_are_recognised(line: str) -> None:
    assert is_link_debris(line)


def test_footer_lines_are_removed() -> None:
    raw = ["Een zin die doorloopt ", "Netwerk ‘Samen tegen schooluitval’ Brussel   96 ", "op de volgende pagina. "]
    assert [b.text for b in blocks(raw)] == ["Een zin die doorloopt op de volgende pagina."]


def test_link_dumps_and_lone_glyphs_are_removed() -> None:
    raw = ["Tekst.", "", "\uf0fc   ", "mailto:a@b.be", "https://x.be/", "javascript:void(0)"]
    assert [b.text for b in blocks(raw)] == ["Tekst."]


def test_wrapped_lines_are_joined_and_bullets_kept_apart() -> None:
    raw = ["Een paragraaf die over twee ", "regels loopt.", "", "• eerste item ", "• tweede item dat ", "doorloopt"]
    assert [(b.kind, b.text) for b in blocks(raw)] == [
        ("para", "Een paragraaf die over twee regels loopt."),
        ("bullet", "eerste item"),
        ("bullet", "tweede item dat doorloopt"),
    ]


def test_hyphenated_line_breaks_are_joined() -> None:
    assert clean_text("samenwerkings-\novereenkomst met OKAN-\njongeren") == (
        "samenwerkings-overeenkomst met OKAN-jongeren"
    )

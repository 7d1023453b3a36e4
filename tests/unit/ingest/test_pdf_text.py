"""Rebuilding the parser's text form from positioned PDF glyphs (pure functions, hand-made glyphs)."""

from __future__ import annotations

import pytest

from wegwijzer.ingest.pdf_text import Glyph, Line, drop_running_lines, layout_text, normalize_char, page_lines

SIZE = 10.0
ADVANCE = 6.0  # a monospaced font: every glyph (space included) is 6 units wide
PITCH = 12.0
TOP = 800.0
LEFT = 40.0


def glyphs(text: str, row: int, column: int = 0, size: float = SIZE, pitch: float = PITCH,
           collapse_spaces: bool = False) -> list[Glyph]:
    """The glyphs of ``text`` drawn on text row ``row`` from ``column`` on (PDF y grows upwards)."""
    y = TOP - row * pitch
    out = []
    for index, char in enumerate(text):
        if collapse_spaces and char == " " and index and text[index - 1] == " ":
            continue  # as PDFium reports it: one space of a run, the pen moved over the rest
        out.append(Glyph(char, LEFT + (column + index) * ADVANCE, y, size, ADVANCE))
    return out


def page(*rows: tuple[int, str]) -> list[Glyph]:
    return [g for row, text in rows for g in glyphs(text, row)]


def test_glyphs_on_one_baseline_form_a_line_read_left_to_right() -> None:
    drawn = list(reversed(glyphs("Doelgroep: jongeren", 0))) + glyphs("tweede regel", 1)
    assert [line.text for line in page_lines(drawn)] == ["Doelgroep: jongeren", "tweede regel"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AGODI  \uf0fc Detectie", "AGODI  \uf0fc Detectie"),  # the overview's column gap survives
        ("Rouppeplein 15     Birminghamstraat", "Rouppeplein 15     Birminghamstraat"),
        ("kolom" + " " * 30 + "verder", "kolom" + " " * 9 + "verder"),  # a drawn space and a capped gap
    ],
)
def test_a_horizontal_gap_becomes_as_many_spaces_as_fit(text: str, expected: str) -> None:
    assert page_lines(glyphs(text, 0, collapse_spaces=True))[0].text == expected


def test_vertical_space_becomes_blank_lines_also_across_a_page_break() -> None:
    first = page((0, "Eerste alinea loopt"), (1, "tot hier."), (3, "Tweede alinea"), (4, "tot onderaan."))
    second = page((1, "Derde alinea begint na een witregel."), (2, "En loopt door."))
    third = page((0, "Vierde alinea."), (4, "Laatste regel."))
    text = layout_text([first, second, third])
    assert text.split("\n") == [
        "Eerste alinea loopt", "tot hier.", "", "Tweede alinea", "tot onderaan.",
        "", "Derde alinea begint na een witregel.", "En loopt door.", "", "",
        "Vierde alinea.", "", "", "", "Laatste regel.",
    ]


def test_running_footer_with_page_numbers_is_dropped() -> None:
    starts = ["Doelgroep: scholen", "Aanmelding: via het CLB", "Werking", "Contactgegevens"]
    pages = [[Line(start, 700, SIZE), Line("Meer tekst", 688, SIZE),
              Line(f"Netwerk ‘Samen tegen schooluitval’ Brussel   {n}", 40, 8)] for n, start in enumerate(starts)]
    kept = drop_running_lines(pages)
    assert [[line.text for line in lines] for lines in kept] == [[start, "Meer tekst"] for start in starts]


def test_running_header_naming_the_chapter_is_dropped_but_not_a_fiche_title() -> None:
    chapters = ["1. Vlaamse Gemeenschapscommissie", "2. AGODI", "2. AGODI", "3. Dienst Scholen"]
    pages = [[Line(f"{chapter}      Het Brusselse aanbod rond schooluitval", 780, 8),
              Line(chapter, 760, 18), Line("Doelgroep: scholen", 740, SIZE)] for chapter in chapters]
    kept = drop_running_lines(pages)
    assert [lines[0].text for lines in kept] == chapters


def test_a_few_pages_keep_their_first_and_last_lines() -> None:
    pages = [[Line("Zelfde titel", 700, SIZE), Line("Zelfde voet 1", 40, SIZE)] for _ in range(2)]
    assert drop_running_lines(pages) == pages


def test_text_drawn_without_visible_characters_is_a_whitespace_only_line() -> None:
    drawn = page((0, "Label"), (2, "\uf0fc Inhoud"))
    lines = page_lines(drawn, blank_marks=[TOP - PITCH, TOP])  # the mark on row 0 shares a line with text
    assert [line.text for line in lines] == ["Label", " ", "\uf0fc Inhoud"]


@pytest.mark.parametrize(
    ("char", "expected"),
    [("\ufb01", "fi"), ("\ufb02", "fl"), ("\u00ad", ""), ("\u00a0", " "), ("\u200b", ""), ("\x02", "-"),
     ("\x07", ""), ("é", "é"), ("\uf0fc", "\uf0fc"), ("•", "•")],
)
def test_characters_are_normalised_to_what_the_parser_reads(char: str, expected: str) -> None:
    assert normalize_char(char) == expected


def test_table_of_contents_entries_are_left_out() -> None:
    text = layout_text([page((0, "Inhoud"), (1, "1. Vlaamse Gemeenschapscommissie ........ 9"),
                             (2, "25.1. Abrusco . . . . . . . 78"), (3, "Een zin met drie punten... en meer"))])
    assert text.split("\n") == ["Inhoud", "Een zin met drie punten... en meer"]


def test_a_wrapped_heading_becomes_one_line_between_blank_lines() -> None:
    big = 18.0
    heading = glyphs("3. Dienst Scholen en", 0, size=big, pitch=PITCH) + glyphs("Studentenleven", 1, size=big)
    body = [g for row, text in ((3, "Doelgroep: scholen"), (4, "Aanmelding: nvt"), (5, "Kostprijs: gratis"))
            for g in glyphs(text, row)]
    text = layout_text([heading + body])
    assert text.split("\n") == [
        "3. Dienst Scholen en Studentenleven", "", "Doelgroep: scholen", "Aanmelding: nvt", "Kostprijs: gratis",
    ]


def test_a_document_without_glyphs_has_no_text() -> None:
    assert layout_text([[], []]) == ""

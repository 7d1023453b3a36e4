"""Rebuild plain text from the positioned glyphs of PDF pages (pure: glyphs in, text out).

The text parser (:mod:`wegwijzer.ingest.parse`) reads the infobundle as it comes out of a PDF
text extractor: one text line per printed line, blank lines where the page leaves vertical
space, runs of spaces where a line has horizontal gaps (the schematic overview's columns are
read from them), whitespace-only lines for empty table cells. This module produces that form
from what a PDF really holds, glyphs with a position:

* glyphs on one baseline form a line, read left to right; a horizontal gap becomes as many
  spaces as fit in it (a drawn space glyph counts as itself);
* the vertical distance between baselines, in units of the document's usual line pitch,
  gives the blank lines in between, also at the top and bottom of a page, so a page break
  does not glue two paragraphs together;
* text drawn without a visible character on a line of its own becomes a whitespace-only line;
* running headers and footers (a first or last line that repeats on many pages, page
  numbers aside) and table of contents entries ("Name ........ 12") are dropped;
* a heading (a line in a larger type than the body text) is kept on one line, between blank lines;
* ligatures are split, soft hyphens and other invisible characters removed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

# A first/last line that repeats (digits folded) on this many pages, and this share of them, is running.
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.3
RUNNING_AFFIX = 16  # characters a header shares with the headers of other pages at its start or end
MAX_BLANK_RUN = 12  # more blank lines than this in a row are a picture or a page break: cap them
HEADING_RATIO = 1.03  # a line in a type this much larger than the body text is a heading
MAX_GAP_SPACES = 8  # a wider gap in a line (table columns, tab stops) is written as this many spaces
_CONTENTS_RE = re.compile(r"\S.*?(?:\.\s?){4,}\s*\d+\s*$")  # "3. Name ........ 14": a table of contents entry
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufffe", "\uffff"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2007", "\u2009", "\u202f"}


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, the origin on the baseline (PDF units, y up), size and advance."""

    char: str
    x: float
    y: float
    size: float
    width: float


@dataclass(frozen=True)
class Line:
    text: str
    y: float  # baseline (y up)
    size: float
    heading: bool = False  # set by :func:`mark_headings`


def normalize_char(char: str) -> str:
    """The text a glyph stands for: ligatures split, odd spaces plain, invisible marks gone."""
    if char in _LIGATURES:
        return _LIGATURES[char]
    if char in _SPACES or char == "\t":
        return " "
    if char in _INVISIBLE:
        return ""
    if char == "\x02":  # PDFium's mark for a hyphen at the end of a line
        return "-"
    if len(char) == 1 and (ord(char) < 32 or 0x7F <= ord(char) < 0xA0):
        return ""
    return char


def _space_width(glyphs: list[Glyph], size: float) -> float:
    """The width of a space at this size: measured on drawn spaces when there are any."""
    widths = [g.width for g in glyphs if g.char == " " and g.width > 0 and abs(g.size - size) < 0.5]
    if widths:
        return statistics.median(widths)
    return 0.28 * size if size > 0 else 3.0


def _line_text(glyphs: list[Glyph], space: float) -> str:
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in sorted(glyphs, key=lambda g: g.x):
        text = normalize_char(glyph.char)
        if previous is not None:
            if text == normalize_char(previous.char) and abs(glyph.x - previous.x) < 0.1 * max(glyph.size, 1):
                continue  # the same glyph drawn twice (fake bold, shadows)
            gap = glyph.x - (previous.x + previous.width)
            if gap > 0.35 * space:
                out.append(" " * min(MAX_GAP_SPACES, max(1, round(gap / space))))
        out.append(text)
        previous = glyph
    return "".join(out)


def page_lines(glyphs: list[Glyph], blank_marks: list[float] | None = None) -> list[Line]:
    """The lines of one page, top to bottom: glyphs grouped by baseline, each line read left to right.

    ``blank_marks`` are the baselines of text drawn without any visible character (a run of spaces
    on a line of its own, as word processors draw an empty table cell or paragraph): where no other
    text shares the baseline they become whitespace-only lines (" "), which the parser reads as
    empty cells.
    """
    drawn = [g for g in glyphs if g.char]
    if not drawn:
        return []
    sizes = Counter(round(g.size, 1) for g in drawn)
    body = sizes.most_common(1)[0][0]
    space = _space_width(drawn, body)
    groups: list[list[Glyph]] = []
    for glyph in sorted(drawn, key=lambda g: -g.y):
        tolerance = 0.4 * max(glyph.size, groups[-1][0].size if groups else 0, 1)
        if groups and abs(groups[-1][0].y - glyph.y) <= tolerance:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    lines = []
    for group in groups:
        size = Counter(round(g.size, 1) for g in group).most_common(1)[0][0]
        text = _line_text(group, space if abs(size - body) < 0.5 else _space_width(drawn, size))
        lines.append(Line(text, group[0].y, size))
    for y in blank_marks or []:
        if all(abs(line.y - y) > 0.4 * max(line.size, 1) for line in lines):
            lines.append(Line(" ", y, body))
    return sorted(lines, key=lambda line: -line.y)


def _running_key(text: str) -> str | None:
    """What a running header/footer looks like on every page: digits folded, spaces collapsed."""
    if sum(ch.isalnum() for ch in text) < 1:
        return None
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _affixes(key: str) -> set[str]:
    """The key itself and, for a longer line, its start and end: a running header often names the
    chapter on one side and the document on the other."""
    found = {f"={key}"}
    if len(key) >= 2 * RUNNING_AFFIX:
        found |= {f"<{key[:RUNNING_AFFIX]}", f">{key[-RUNNING_AFFIX:]}"}
    return found


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove headers and footers: a first or last line of a page that repeats on many pages.

    A line repeats when it is the same (page numbers aside) or starts or ends with the same words
    (a header with the chapter title left and the document title right). With fewer than three
    pages nothing is removed.
    """
    if len(pages) < RUNNING_MIN_PAGES:
        return pages
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        for where, line in (("top", lines[0]), ("bottom", lines[-1])) if lines else ():
            key = _running_key(line.text)
            for affix in _affixes(key) if key else ():
                counts[(where, affix)] += 1
    needed = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))
    running = {key for key, n in counts.items() if n >= needed}

    def is_running(where: str, line: Line) -> bool:
        key = _running_key(line.text)
        return key is not None and any((where, affix) in running for affix in _affixes(key))

    result = []
    for lines in pages:
        kept = list(lines)
        if kept and is_running("bottom", kept[-1]):
            kept.pop()
        if kept and is_running("top", kept[0]):
            kept.pop(0)
        result.append(kept)
    return result


def line_pitch(pages: list[list[Line]]) -> float:
    """The document's usual distance between two consecutive body lines."""
    steps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:], strict=False) if a.y - b.y > 0.5]
    if not steps:
        sizes = [line.size for lines in pages for line in lines]
        return 1.2 * (statistics.median(sizes) if sizes else 10.0)
    usual = Counter(round(step, 1) for step in steps).most_common(1)[0][0]
    return statistics.fmean(step for step in steps if round(step, 1) == usual)


def mark_headings(pages: list[list[Line]]) -> list[list[Line]]:
    """Lines in a larger type than the body text are headings: a heading wrapped over several lines
    becomes one line (the parser reads a title from one line), and it stands between blank lines."""
    sizes = Counter(round(line.size, 1) for lines in pages for line in lines)
    if not sizes:
        return pages
    body = sizes.most_common(1)[0][0]
    result = []
    for lines in pages:
        merged: list[Line] = []
        for line in lines:
            heading = line.size > HEADING_RATIO * body and bool(line.text.strip())
            last = merged[-1] if merged else None
            if (heading and last is not None and last.heading and abs(last.size - line.size) < 0.05 * line.size
                    and last.y - line.y < 1.6 * line.size):
                merged[-1] = Line(f"{last.text.rstrip()} {line.text.strip()}", line.y, line.size, heading=True)
            else:
                merged.append(Line(line.text, line.y, line.size, heading=heading))
        result.append(merged)
    return result


def _blanks(distance: float, pitch: float) -> int:
    """How many blank lines fit in a vertical distance (a blank line needs most of a line pitch)."""
    return min(MAX_BLANK_RUN, max(0, int(distance / pitch + 0.3)))


def layout_text(pages: list[list[Glyph]], blank_marks: list[list[float]] | None = None) -> str:
    """The text of a document from the glyphs of its pages (see the module documentation)."""
    marks = blank_marks or [[] for _ in pages]
    page_texts = drop_running_lines([page_lines(glyphs, blanks) for glyphs, blanks in zip(pages, marks, strict=True)])
    page_texts = mark_headings(page_texts)
    filled = [lines for lines in page_texts if lines]
    if not filled:
        return ""
    pitch = line_pitch(filled)
    top = max(lines[0].y for lines in filled)
    bottom = min(lines[-1].y for lines in filled)
    out: list[str] = []
    for lines in page_texts:
        if not lines:
            continue
        out.extend([""] * _blanks(top - lines[0].y, pitch))
        for previous, line in zip([None, *lines], lines, strict=False):
            if previous is not None:
                blanks = _blanks(previous.y - line.y - pitch, pitch)
                out.extend([""] * (max(blanks, 1) if line.heading or previous.heading else blanks))
            if not _CONTENTS_RE.match(line.text):
                out.append(line.text)
        out.extend([""] * _blanks(lines[-1].y - bottom, pitch))
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return "\n".join(out)

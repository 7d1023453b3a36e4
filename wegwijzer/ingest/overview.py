"""The schematic overview ("SCHEMATISCHE WEERGAVE"): organisation label -> phases.

The overview is a three-column table (Preventie | Interventie | Compensatie)
flattened to text. The columns are lost, but the extraction leaves two traces:

* the number of spaces between a row label and its first check-mark glyph (or,
  for a label on its own lines, before the first glyph) tells how many leading
  cells are empty: "AGODI  Detectie" starts in Preventie, "Tigo …    Dagbe…" in
  Compensatie, "  Vroegtijdig…" (own line) in Compensatie;
* an empty trailing bullet (a whitespace-only line or a lone glyph) closes a
  cell, so the next entries belong to the next column.

This gives a best-effort phase per entry; rows the heuristic gets wrong are
corrected in the overlay.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

from wegwijzer.text import fold_words

PHASES = ("preventie", "interventie", "compensatie")
GLYPH = "\uf0fc"
_GLYPHS = "\uf0fc\uf0e8\uf0d8"
_INLINE_LABEL_RE = re.compile(r"^\s?([^\s" + _GLYPHS + r"][^" + _GLYPHS + r"]*?)( +)[" + _GLYPHS + r"]")
_GLYPH_LINE_RE = re.compile(r"^( *)[" + _GLYPHS + r"]\s*\S")


@dataclass
class OverviewRow:
    label: str
    line_start: int  # 1-based
    entries: list[tuple[str, str]] = field(default_factory=list)  # (phase, text)

    @property
    def phases(self) -> set[str]:
        return {phase for phase, _ in self.entries}


def _is_marker(line: str) -> bool:
    """An empty cell/bullet: whitespace only (but not empty) or a lone glyph."""
    stripped = line.strip()
    if not line:
        return False
    return stripped == "" or all(ch in _GLYPHS for ch in stripped)


def _is_header(line: str) -> bool:
    words = line.split()
    return bool(words) and all(w.lower() in PHASES for w in words)


def _label_block(lines: list[str], index: int) -> tuple[str, int, int] | None:
    """A label on its own lines: (label, column, index of first entry line) or None."""
    block: list[str] = []
    cursor = index
    while cursor < len(lines) and lines[cursor].strip() and not _is_marker(lines[cursor]):
        if GLYPH in lines[cursor] or len(block) >= 4:
            return None
        block.append(lines[cursor].strip())
        cursor += 1
    label = " ".join(block)
    if not block or label.endswith(":") or label.count("(") != label.count(")"):
        return None
    while cursor < len(lines) and (not lines[cursor].strip() or _is_marker(lines[cursor])):
        if lines[cursor].strip():  # a lone glyph between label and entries: not a label layout
            return None
        cursor += 1
    if cursor == index + len(block):  # entries must be separated from the label by a blank
        return None
    match = _GLYPH_LINE_RE.match(lines[cursor]) if cursor < len(lines) else None
    if not match:
        return None
    return label, min(len(match.group(1)), 2), cursor


def overview_rows(lines: list[str], first_line_no: int = 1) -> list[OverviewRow]:
    """Rows of the overview with a best-effort phase for each entry."""
    rows: list[OverviewRow] = []
    column = 0
    previous_blank = True
    entry: list[str] = []

    def flush() -> None:
        nonlocal entry
        if rows and entry:
            text = " ".join(" ".join(entry).split())
            if text:
                rows[-1].entries.append((PHASES[min(column, 2)], text))
        entry = []

    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_header(line):
            index += 1
            continue
        if line.strip() and not line.lstrip(" ").startswith(tuple(_GLYPHS)):
            inline = _INLINE_LABEL_RE.match(line)
            if inline and not line.startswith("  ") and inline.group(1).strip()[:1].isupper():
                flush()
                column = min(len(inline.group(2)) - 1, 2)
                rows.append(OverviewRow(" ".join(inline.group(1).split()), first_line_no + index))
                entry = [line[inline.end():]]
                previous_blank = False
                index += 1
                continue
            block = _label_block(lines, index) if previous_blank else None
            if block is not None and block[0][:1].isupper():
                flush()
                label, column, cursor = block
                rows.append(OverviewRow(label, first_line_no + index))
                index = cursor
                previous_blank = True
                continue
        if _is_marker(line):
            flush()
            if rows and rows[-1].entries:
                column += 1
            previous_blank = True
        elif not line.strip():
            previous_blank = True
        elif previous_blank and line.rstrip().endswith(":") and rows and rows[-1].entries:
            flush()  # a cell heading such as "Aanbod flexibele trajecten:" opens the next column
            column += 1
            previous_blank = False
        else:
            if line.lstrip(" ")[:1] in _GLYPHS:
                flush()
                entry = [line.lstrip(" ")[1:]]
            else:
                entry.append(line)
            previous_blank = False
        index += 1
    flush()
    return rows


def parse_overview(lines: list[str], first_line_no: int = 1) -> dict[str, set[str]]:
    """Map each overview label to the phases in which it has entries."""
    result: dict[str, set[str]] = {}
    for row in overview_rows(lines, first_line_no):
        result.setdefault(row.label, set()).update(row.phases)
    return result


def _fold(text: str) -> str:
    return fold_words(text, keep="!")


_STOP = {"brussel", "brusselse", "vzw", "van", "voor", "het", "der", "den", "ter", "een", "bxl"}


def _tokens(text: str) -> set[str]:
    return {t for t in _fold(text).split() if len(t) > 2 and t not in _STOP}


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    prefix = len(_common_prefix(a, b))
    return prefix >= 4 and prefix >= 0.8 * min(len(a), len(b)) or prefix >= 9


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def name_similarity(a: str, b: str, acronyms: bool = True) -> float:
    """Fuzzy similarity of two organisation names (0..1)."""
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return 0.0
    ratio = difflib.SequenceMatcher(None, fa, fb).ratio()
    ta, tb = _tokens(a), _tokens(b)
    matched = sum(1 for t in ta if any(_token_match(t, u) for u in tb))
    overlap = matched / math.sqrt(len(ta) * len(tb)) if ta and tb else 0.0
    containment = 1.0 if (fa in fb or fb in fa) and min(len(fa), len(fb)) >= 4 else 0.0
    acronym = 0.85 if acronyms and _shared_acronym(a, b) else 0.0
    return max(ratio if ratio >= 0.6 else 0.0, 0.9 * overlap, 0.95 * containment, acronym)


def _acronyms(text: str) -> set[str]:
    return {_fold(w) for w in re.findall(r"[A-Z][A-Z0-9!]{2,}", text)} - _STOP


def _shared_acronym(a: str, b: str) -> bool:
    """An upper-case acronym of one name (e.g. "CGG", "NEET") appears as a word of the other."""
    for acronyms, other in ((_acronyms(a), _fold(b).split()), (_acronyms(b), _fold(a).split())):
        if any(_token_match(x, w) for x in acronyms for w in other):
            return True
    return False


def match_labels(labels: list[str], titles: dict[str, str], threshold: float = 0.6) -> dict[str, str]:
    """Match overview labels to fiche numbers by fuzzy name similarity: label -> fiche."""
    result: dict[str, str] = {}
    for label in labels:
        best, score = None, 0.0
        for fiche, title in titles.items():
            value = name_similarity(label, title)
            if value > score:
                best, score = fiche, value
        if best is not None and score >= threshold:
            result[label] = best
    return result

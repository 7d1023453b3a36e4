"""Clean the raw lines of a contact block and split two-column layouts into column streams.

Input lines are the document lines as extracted from the PDF (trailing whitespace kept). Text
lines of the extraction end in whitespace; link annotations dumped by the extractor
("mailto:x@y.be", "tel:024266361", "https://…", "javascript:void(0)") do not. Those link-dump
lines are dropped (they repeat links of the whole fiche, not only of the contact block), as are
page footers ("<title>   96"). When the caller passes stripped lines (no line has trailing
whitespace), ``mailto:``/``tel:``/``javascript:`` lines are dropped, and bare URL lines only
when they stand in a run of two or more link lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_LABEL_RE = re.compile(r"^\s*contactgegevens\s*:?\s*", re.IGNORECASE)
_DEBRIS_PREFIX_RE = re.compile(r"^(?:mailto:|tel:|fax:|javascript:)\S*$", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# page footer: words without digits, a gap of 3+ spaces and a page number
_FOOTER_RE = re.compile(r"^\s*[^\d\s][^\d]{10,}\S\s{3,}\d{1,3}\s*$")
_BROKEN_EMAIL_RE = re.compile(r"[\w.+-]+@[\w.-]*-$")
_DOMAIN_TAIL_RE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_GAP_RE = re.compile(r"\s{2,}")
_WIDE_GAP_RE = re.compile(r"\S\s{3,}\S")
_FIELD_LABEL_RE = re.compile(
    r"^(?:t|f|tel\.?|telefoon|gsm|mobiel|fax|e-?mail|website|web|adres|directeur|contact)\s*:?$", re.IGNORECASE
)


@dataclass
class Line:
    no: int  # 1-based document line number
    text: str  # stripped text
    column: int = 0


def _is_link(raw: str | None) -> bool:
    text = (raw or "").strip()
    return bool(_DEBRIS_PREFIX_RE.match(text) or _BARE_URL_RE.match(text))


def _is_debris(raw: str, trust_trailing_space: bool, neighbours: tuple[str | None, str | None]) -> bool:
    text = raw.strip()
    if _DEBRIS_PREFIX_RE.match(text):
        return True
    if not _BARE_URL_RE.match(text):
        return False
    if trust_trailing_space:
        return raw == raw.rstrip()
    return any(_is_link(n) for n in neighbours)


def _is_url_continuation(raw: str, following: str | None) -> bool:
    """A bare URL broken at a hyphen: "https://x.be/nl/directies-en-" + "administraties/…"."""
    text = raw.strip()
    if following is None or not _BARE_URL_RE.match(text) or not text.endswith("-"):
        return False
    nxt = following.strip()
    return bool(nxt) and " " not in nxt and "@" not in nxt and not _BARE_URL_RE.match(nxt)


def clean_lines(lines: list[str], first_line_no: int = 1) -> list[Line | None]:
    """Stripped lines with document numbers; ``None`` marks a blank line. Debris is removed."""
    raws = [raw.rstrip("\r\n") for raw in lines]
    trust = any(raw.strip() and raw != raw.rstrip() for raw in raws)
    result: list[Line | None] = []
    skip_next = False
    for index, raw in enumerate(raws):
        if skip_next:
            skip_next = False
            continue
        no = first_line_no + index
        following = raws[index + 1] if index + 1 < len(raws) else None
        if not any(result) and _HEADING_LABEL_RE.match(raw):
            raw = _HEADING_LABEL_RE.sub("", raw, count=1)
        if _is_url_continuation(raw, following):
            result.append(Line(no, raw.strip() + (following or "").strip()))
            skip_next = True
            continue
        if not raw.strip():
            result.append(None)
        elif not _is_debris(raw, trust, (raws[index - 1] if index else None, following)) and not _FOOTER_RE.match(raw):
            result.append(Line(no, raw.strip()))
    return _join_parenthesised(_join_broken_emails(result))


def _join_broken_emails(lines: list[Line | None]) -> list[Line | None]:
    """Glue an e-mail broken at a hyphen: "timothy.van.raemdonck@g-" + "o.be"."""
    joined = list(lines)
    for index, line in enumerate(joined):
        if line is None or not _BROKEN_EMAIL_RE.search(line.text):
            continue
        nxt = next((j for j in range(index + 1, min(index + 3, len(joined))) if joined[j] is not None), None)
        if nxt is None:
            continue
        continuation = joined[nxt]
        if continuation is not None and _DOMAIN_TAIL_RE.match(continuation.text):
            joined[index] = Line(line.no, line.text + continuation.text, line.column)
            joined[nxt] = None
    return joined


def _join_parenthesised(lines: list[Line | None]) -> list[Line | None]:
    """Glue a line starting with "(" to the previous line ("Donatienne Deby" + "(ddeby@…);")."""
    joined: list[Line | None] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if line is not None and previous is not None and line.text.startswith("(") and "@" in line.text:
            joined[-1] = Line(previous.no, f"{previous.text} {line.text}", previous.column)
        else:
            joined.append(line)
    return joined


def is_two_column(lines: list[Line | None]) -> bool:
    """At least two lines hold two cells separated by a wide (3+ spaces) gap."""
    return sum(1 for line in lines if line is not None and _WIDE_GAP_RE.search(line.text)) >= 2


def _split_cells(text: str) -> list[str]:
    gaps = list(_GAP_RE.finditer(text))
    if not gaps:
        return [text]
    widest = max(gaps, key=lambda m: m.end() - m.start())
    left, right = text[: widest.start()].strip(), text[widest.end():].strip()
    if not left or not right or _FIELD_LABEL_RE.match(left):
        return [text]
    return [left, right]


def column_streams(lines: list[Line | None]) -> list[list[Line | None]]:
    """One stream per column; a single stream when the block is not two-columned.

    Lines that hold one cell only belong to the left column. Blank lines go to both streams.
    """
    if not is_two_column(lines):
        return [lines]
    left: list[Line | None] = []
    right: list[Line | None] = []
    for line in lines:
        if line is None:
            left.append(None)
            right.append(None)
            continue
        cells = _split_cells(line.text)
        left.append(Line(line.no, cells[0], 0))
        if len(cells) > 1:
            right.append(Line(line.no, cells[1], 1))
    return [left, right]

"""Text cleaning for the PDF-extracted infobundle.

The PDF text carries page footers, link dumps (runs of bare URLs, ``mailto:`` and
``tel:`` targets that the extractor appends after many fiches), ``javascript:``
debris, lone bullet glyphs and hard line wrapping. The functions here remove
that noise and rebuild paragraphs and bullet items, keeping 1-based line numbers
for provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bullet glyphs seen in the document (Symbol/Wingdings private-use glyphs included).
BULLET_CHARS = "•●\uf0b7\uf0fc\uf0d8\uf0a7\uf0e8⇨→▪◦■-–o"
_BULLET_RE = re.compile(r"^\s*([•●\uf0b7\uf0fc\uf0d8\uf0a7\uf0e8⇨→▪◦■]|[-–o](?=\s))\s*(.*)$")
_FOOTER_RE = re.compile(r"^\s*Netwerk\s+[‘'\"“]?Samen tegen schooluitval[’'\"”]?\s+Brussel\s+\d+\s*$")
_LINK_RE = re.compile(
    r"^\s*(?:https?://\S*|www\.\S+|mailto:\S*|tel:\S*|javascript:\S*)\s*$", re.IGNORECASE
)
_INLINE_DEBRIS_RE = re.compile(r"javascript:\S*|mailto:(?=\S)|tel:(?=\+?\d)", re.IGNORECASE)
_PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
# a wrapped line ending in "letter-" followed by a lowercase continuation
_HYPHEN_END_RE = re.compile(r"[A-Za-zÀ-ÿ]-$")


@dataclass(frozen=True)
class Block:
    """A paragraph or a bullet item, rebuilt from wrapped lines."""

    kind: str  # "para" or "bullet"
    text: str
    line_start: int
    line_end: int
    gap_before: bool = True  # a blank line (or the start) precedes the block
    gap_after: bool = True  # a blank line (or the end) follows the block
    glyph: str = ""  # the bullet glyph of a bullet item ("•", "-", "o", …)


def is_footer(line: str) -> bool:
    """True for a page footer such as "Netwerk ‘Samen tegen schooluitval’ Brussel   96"."""
    return bool(_FOOTER_RE.match(line))


def is_link_debris(line: str) -> bool:
    """True for a line that is only a URL, ``mailto:``/``tel:`` target or ``javascript:`` debris."""
    return bool(_LINK_RE.match(line))


def is_lone_glyph(line: str) -> bool:
    """True for a line holding only bullet glyphs and whitespace."""
    stripped = line.strip()
    return bool(stripped) and all(ch in BULLET_CHARS or ch.isspace() for ch in stripped) and (
        stripped not in {"-", "–", "o"}
    )


def is_noise(line: str) -> bool:
    """Lines that never carry content: footers, link dumps, lone glyphs."""
    return is_footer(line) or is_link_debris(line) or is_lone_glyph(line)


def normalize_inline(text: str) -> str:
    """Drop private-use glyphs and inline debris, collapse whitespace."""
    text = _INLINE_DEBRIS_RE.sub("", text)
    text = _PRIVATE_USE_RE.sub(" ", text)
    return _SPACES_RE.sub(" ", text).strip()


def bullet_glyph(line: str) -> str:
    match = _BULLET_RE.match(line)
    return match.group(1) if match else ""


def bullet_body(line: str) -> str | None:
    """The text of a bullet line without its glyph, or None when the line is no bullet."""
    match = _BULLET_RE.match(line)
    if not match:
        return None
    body = match.group(2).strip()
    glyph = match.group(1)
    if glyph in "-–o" and not body:
        return None
    if glyph == "o" and body[:1].islower() and not line.startswith("o "):
        return None
    return body


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = normalize_inline(part)
        if not part:
            continue
        if text and _HYPHEN_END_RE.search(text) and part[:1].islower():
            text += part  # hyphenated word wrapped over two lines: keep the hyphen, drop the break
        elif text:
            text += " " + part
        else:
            text = part
    return text


def blocks(lines: list[str], first_line_no: int = 1) -> list[Block]:
    """Rebuild paragraphs and bullet items from raw lines, skipping noise.

    Noise lines are transparent: a paragraph wrapped around a removed footer stays
    one paragraph. Each bullet line starts a new item; following non-bullet lines
    without a blank in between continue it.
    """
    result: list[Block] = []
    current: list[str] = []
    kind = "para"
    glyph = ""
    start = end = 0
    gap_before = True
    pending_gap = True

    def flush(gap_after: bool) -> None:
        nonlocal current
        text = _join(current)
        if text:
            result.append(Block(kind, text, start, end, gap_before, gap_after, glyph))
        current = []

    for offset, raw in enumerate(lines):
        no = first_line_no + offset
        if is_noise(raw):
            continue
        if not raw.strip():
            if current:
                flush(True)
            pending_gap = True
            continue
        body = bullet_body(raw)
        heading = body is None and _starts_heading(raw)
        if body is not None or heading or (current and _is_title_line(current[-1], raw, lines, offset)):
            if current:
                flush(False)
                pending_gap = False
            kind = "bullet" if body is not None else "para"
            glyph = bullet_glyph(raw) if body is not None else ""
            current = [body if body is not None else raw]
            start = end = no
            gap_before = pending_gap
            if heading:  # a short numbered heading is a block of its own
                flush(_next_is_blank(lines, offset))
                pending_gap = False
            continue
        if not current:
            kind = "para"
            glyph = ""
            start = no
            gap_before = pending_gap
        current.append(raw)
        end = no
        pending_gap = False
    if current:
        flush(True)
    return _fix_gap_after(result)


_HEADING_LINE_RE = re.compile(r"^\s*\d{1,2}\.?\s+[A-Z‘'“]")


def _starts_heading(raw: str) -> bool:
    """A short numbered line (e.g. "2. Duaal leren") starts a new block even without a blank."""
    return bool(_HEADING_LINE_RE.match(raw)) and len(raw.strip()) < 70


def _next_is_blank(lines: list[str], offset: int) -> bool:
    nxt = next((line for line in lines[offset + 1:] if not is_noise(line)), "")
    return not nxt.strip()


def _is_title_line(previous: str, raw: str, lines: list[str], offset: int) -> bool:
    """A short capitalised line after a finished sentence and before a blank is a title of its own."""
    text = raw.strip()
    return (
        previous.rstrip().endswith((".", "?", "!", ":"))
        and 0 < len(text) <= 50
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":"))
        and _next_is_blank(lines, offset)
    )


def _fix_gap_after(items: list[Block]) -> list[Block]:
    fixed: list[Block] = []
    for i, block in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        gap_after = block.gap_after and (nxt is None or nxt.gap_before)
        fixed.append(Block(block.kind, block.text, block.line_start, block.line_end,
                           block.gap_before, gap_after, block.glyph))
    return fixed


def blocks_to_text(items: list[Block]) -> str:
    """Render blocks as text: paragraphs separated by blank lines, bullets as "• item" lines."""
    out: list[str] = []
    for block in items:
        if block.kind == "bullet":
            line = "• " + block.text
            if out and out[-1].startswith("• ") and not block.gap_before:
                out[-1] += "\n" + line
                continue
            out.append(line)
        else:
            out.append(block.text)
    return "\n\n".join(out).strip()


def clean_text(text: str) -> str:
    """Clean a free-text fragment (possibly several raw lines) into paragraphs."""
    return blocks_to_text(blocks(text.split("\n")))

"""Jinja filters: every bit of formatting the templates need, pure and unit-tested.

Text from users and from the data is always escaped here before any markup is added;
no template ever marks such text ``|safe``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date as babel_format_date
from markupsafe import Markup, escape

from wegwijzer.search.schemas import HIGHLIGHT

_OPEN, _CLOSE = HIGHLIGHT
_MARKED = re.compile(re.escape(_OPEN) + r"([^" + _OPEN + _CLOSE + r"]*)" + re.escape(_CLOSE))
_BULLET = re.compile(r"^\s*[•\-–·*]\s+")


def highlight(snippet: str | None) -> Markup:
    """Escape a snippet, then turn its «…» markers into ``<mark>`` (stray markers are dropped)."""
    escaped = str(escape(snippet or ""))
    marked = _MARKED.sub(lambda m: f"<mark>{m.group(1)}</mark>", escaped)
    return Markup(marked.replace(_OPEN, "").replace(_CLOSE, ""))


def paragraphs(text: str | None) -> Markup:
    """Plain text as escaped HTML: blank lines separate paragraphs, "•" lines become a list."""
    blocks: list[str] = []
    bullets: list[str] = []
    lines: list[str] = []

    def flush_lines() -> None:
        if lines:
            blocks.append("<p>" + "<br>".join(str(escape(line)) for line in lines) + "</p>")
            lines.clear()

    def flush_bullets() -> None:
        if bullets:
            blocks.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush_lines()
            continue
        if _BULLET.match(line):
            flush_lines()
            bullets.append(_BULLET.sub("", line))
        elif bullets and not lines and line[:1].islower():
            bullets[-1] += " " + line  # a bullet's text that was wrapped onto the next line
        else:
            flush_bullets()
            lines.append(line)
    flush_lines()
    flush_bullets()
    return Markup("".join(blocks))


def code_spans(text: str | None) -> Markup:
    """Escape text, then turn Markdown `code` spans into ``<code>`` (as in OpenAPI descriptions)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text or ""))))


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def age_range(minimum: float | int | None, maximum: float | int | None) -> str:
    """"12–25", "12+", "≤ 25" or "" (language neutral; the template adds the word for years)."""
    low, high = _number(minimum), _number(maximum)
    if low and high:
        return low if low == high else f"{low}–{high}"
    if low:
        return f"{low}+"
    if high:
        return f"≤ {high}"
    return ""


def _amount_in_text(amount: float | int, text: str) -> bool:
    """Whether the text already states this amount ("1,5", "1.5", "300"; 0 as "gratis"/"free"/"0")."""
    number = float(amount)
    if number == 0:
        return bool(re.search(r"\b(gratis|free|gratuit)\b|(?<![\d.,])0(?![\d.,]*\d)", text, re.IGNORECASE))
    written = _number(number)
    forms = {written, written.replace(".", ",")}
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in forms)


def extra_costs(cost_options: Iterable[Mapping[str, Any]] | None, fees_description: str | None) -> list[Any]:
    """The cost options worth listing beside the fees description: only those whose amount the text lacks.

    The options are parsed from that same text, so most repeat it ("gratis" twice); without a
    description every option is shown.
    """
    options = list(cost_options or [])
    text = (fees_description or "").strip()
    if not text:
        return options
    return [c for c in options if c.get("amount") is not None and not _amount_in_text(c["amount"], text)]


def tel_href(number: str | None) -> str:
    """A ``tel:`` URL: digits and a leading plus only ("+32 2 563 03 00" -> "tel:+3225630300")."""
    raw = (number or "").strip()
    digits = re.sub(r"\D", "", raw)
    return f"tel:{'+' if raw.startswith('+') else ''}{digits}" if digits else ""


def mailto_href(address: str | None) -> str:
    """A ``mailto:`` URL for a plain e-mail address, "" for anything that is not one."""
    value = (address or "").strip()
    return f"mailto:{value}" if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", value) else ""


def safe_url(url: str | None) -> str:
    """Only http(s) links leave the site (no ``javascript:``); a bare domain gets https://."""
    value = (url or "").strip()
    if re.match(r"^https?://", value, re.IGNORECASE):
        return value
    if re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", value):
        return f"https://{value}"
    return ""


def format_date(value: datetime | date | str | None, lang: str = "nl") -> str:
    """A date in the page language ("28 november 2026"); "" when there is none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    day = value.date() if isinstance(value, datetime) else value
    return babel_format_date(day, format="long", locale=lang)


def url_with(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """``path`` with the query ``params`` (lists repeat the key), updated by ``changes``.

    A change to ``None`` or ``""`` removes the key; a change to a list replaces all values.
    Empty values are dropped so shared URLs stay short.
    """
    merged: dict[str, Any] = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        values: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(v)) for v in values if v is not None and v != "")
    return f"{path}?{urlencode(pairs)}" if pairs else path


def without_value(params: Mapping[str, Any], key: str, value: str) -> dict[str, Any]:
    """``params`` with one value of ``key`` removed (for "remove this filter" links)."""
    out = dict(params)
    current = out.get(key)
    if isinstance(current, list | tuple):
        out[key] = [v for v in current if v != value]
    elif current == value:
        out[key] = None
    return out


FILTERS = {
    "highlight": highlight,
    "code_spans": code_spans,
    "paragraphs": paragraphs,
    "age_range": age_range,
    "extra_costs": extra_costs,
    "number": _number,
    "tel_href": tel_href,
    "mailto_href": mailto_href,
    "safe_url": safe_url,
    "format_date": format_date,
}
def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pagination bar shows: the first, the last and ``around`` on either side of the
    current one; None where numbers are left out (shown as an ellipsis). A gap of one page shows that
    page instead. At 10,000 services a search has hundreds of pages: a link to each would make the bar
    unusable (and the page slow)."""
    keep = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    out: list[int | None] = []
    previous = 0
    for number in sorted(n for n in keep if 1 <= n <= pages):
        if number - previous == 2:
            out.append(number - 1)
        elif number - previous > 2:
            out.append(None)
        out.append(number)
        previous = number
    return out


GLOBALS = {"url_with": url_with, "without_value": without_value, "page_window": page_window}

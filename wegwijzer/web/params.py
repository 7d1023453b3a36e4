"""Validation of query parameters: bad values become a :class:`WebError` (a friendly 4xx page)."""

from __future__ import annotations

from fastapi import Request

from wegwijzer.match.profile import MAX_AGE, MIN_AGE
from wegwijzer.web.i18n import LANGUAGES, dutch_labels
from wegwijzer.web.rendering import WebError

MAX_QUERY_LENGTH = 300
MAX_TEXT_LENGTH = 3000
MAX_PAGE = 10_000
MAX_VALUES = 30  # per repeated parameter


def check_language(request: Request) -> None:
    lang = request.query_params.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise WebError(400, "Onbekende taal '{value}'. Kies uit: {allowed}.", value=lang[:40],
                       allowed=", ".join(LANGUAGES))


def text(request: Request, name: str, max_length: int = MAX_QUERY_LENGTH) -> str:
    value = request.query_params.get(name, "").strip()
    if len(value) > max_length:
        raise WebError(422, "De tekst in '{name}' is te lang: hoogstens {max} tekens.", name=name, max=max_length)
    return value


def integer(request: Request, name: str, low: int, high: int, default: int | None = None) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise WebError(422, "Ongeldige waarde '{value}' voor '{name}': geef een geheel getal van {low} tot {high}.",
                       value=raw[:40], name=name, low=low, high=high)
    return int(raw)


def age(request: Request, name: str = "leeftijd") -> int | None:
    return integer(request, name, MIN_AGE, MAX_AGE)


def page(request: Request, name: str = "pagina") -> int:
    return integer(request, name, 1, MAX_PAGE, default=1) or 1


def slugs(request: Request, name: str, taxonomy: str) -> tuple[str, ...]:
    """Every value of a repeated parameter, each a known slug of ``taxonomy`` (duplicates dropped)."""
    values = [v.strip() for v in request.query_params.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        raise WebError(422, "Te veel waarden voor '{name}'.", name=name)
    allowed = dutch_labels().get(taxonomy, {})
    for value in values:
        if value not in allowed:
            raise WebError(422, "Onbekende waarde '{value}' voor '{name}'. Toegelaten waarden: {allowed}.",
                           value=value[:40], name=name, allowed=", ".join(allowed))
    return tuple(dict.fromkeys(values))


def slug(request: Request, name: str, taxonomy: str) -> str | None:
    values = slugs(request, name, taxonomy)
    if len(values) > 1:
        raise WebError(422, "Kies hoogstens één waarde voor '{name}'.", name=name)
    return values[0] if values else None


def flag(request: Request, name: str) -> bool | None:
    """"1" -> True, "0" -> False, absent or empty -> None."""
    raw = request.query_params.get(name, "").strip()
    if raw == "":
        return None
    if raw not in ("0", "1"):
        raise WebError(422, "Ongeldige waarde '{value}' voor '{name}': gebruik 1 of 0.", value=raw[:40], name=name)
    return raw == "1"

"""The case profile: explicit options and what the free text says, validated against the vocabulary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wegwijzer.ingest.taxonomy import taxonomy_codes
from wegwijzer.match.extract import read_age_band, read_text
from wegwijzer.match.model import Profile

MIN_AGE = 0
MAX_AGE = 120

#: profile field -> (taxonomy, Dutch name of the option, CLI option)
SLUG_FIELDS: dict[str, tuple[str, str, str]] = {
    "level": ("onderwijsniveau", "onderwijsniveau", "--level"),
    "stream": ("studierichting", "studierichting", "--stream"),
    "needs": ("nood", "nood", "--need"),
    "asker": ("doelgroep", "vraagsteller", "--asker"),
    "school_language": ("onderwijstaal", "onderwijstaal", "--school-language"),
    "municipality": ("gemeente", "gemeente", "--municipality"),
}


class ProfileError(ValueError):
    """An invalid option; the message is Dutch and names the allowed values."""

    def __init__(self, message_nl: str) -> None:
        super().__init__(message_nl)
        self.message_nl = message_nl


def allowed(field_name: str) -> list[str]:
    return taxonomy_codes()[SLUG_FIELDS[field_name][0]]


def _slug(field_name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    slug = str(value).strip().lower()
    codes = allowed(field_name)
    if slug not in codes:
        _, label, option = SLUG_FIELDS[field_name]
        raise ProfileError(
            f"onbekende waarde '{value}' voor {option} ({label}); toegelaten waarden: {', '.join(codes)}")
    return slug


def validate_age(age: Any) -> int | None:
    if age is None or age == "":
        return None
    try:
        number = int(str(age).strip()) if not isinstance(age, int) or isinstance(age, bool) else age
    except ValueError:
        number = None
    if isinstance(age, bool) or number is None or not MIN_AGE <= number <= MAX_AGE:
        raise ProfileError(
            f"ongeldige leeftijd '{age}' voor --age; toegelaten: een geheel getal van {MIN_AGE} tot {MAX_AGE}")
    return number


def build_profile(
    text: str | None = None,
    age: Any = None,
    level: str | None = None,
    stream: str | None = None,
    needs: Iterable[str] = (),
    asker: str | None = None,
    school_language: str | None = None,
    municipality: str | None = None,
) -> Profile:
    """Validate the explicit options, read the text, and merge the two (explicit options win).

    Needs are the exception: explicit needs and the text's needs are combined (explicit first),
    since a text often names a second need beside the one chosen in a form.
    Raises :class:`ProfileError` for an unknown slug or an age outside 0–120.
    """
    explicit: dict[str, Any] = {
        "age": validate_age(age),
        "level": _slug("level", level),
        "stream": _slug("stream", stream),
        "asker": _slug("asker", asker),
        "school_language": _slug("school_language", school_language),
        "municipality": _slug("municipality", municipality),
    }
    explicit_needs = [_slug("needs", n) for n in needs or ()]
    from_text = read_text(text) if text else {}
    merged = {key: value if value is not None else from_text.get(key) for key, value in explicit.items()}
    all_needs: list[str] = []
    for slug in [*explicit_needs, *from_text.get("needs", [])]:
        if slug and slug not in all_needs:
            all_needs.append(slug)
    return Profile(
        age=merged["age"], level=merged["level"], stream=merged["stream"], needs=all_needs,
        asker=merged["asker"], school_language=merged["school_language"], municipality=merged["municipality"],
        text=text or None, from_text=from_text,
        age_band=read_age_band(text) if text and merged["age"] is None else None,
    )

"""Which fields of which records can be edited, and how a submitted value is checked (pure).

``EDITABLE[record_type][field]`` describes one editable field; ``normalize`` turns a submitted
string into the canonical stored text (``None`` clears the field) or raises ``InvalidField``
with a Dutch message. Every other column (ids, links, provenance, sort order, facets) is owned
by the importer and never edited here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from wegwijzer.editorial.errors import InvalidField
from wegwijzer.ingest.phones import normalise_phone

Kind = Literal["text", "longtext", "email", "url", "age", "date", "choice"]
MAX_LENGTH: dict[str, int] = {"text": 300, "longtext": 5000, "email": 254, "url": 500, "age": 6,
                              "date": 10, "choice": 40}

STATUS_CHOICES = (("active", "actief"), ("inactive", "niet actief"), ("defunct", "opgeheven"),
                  ("temporarily closed", "tijdelijk gesloten"))
PHONE_TYPES = (("voice", "telefoon"), ("cell", "gsm"), ("fax", "fax"), ("text", "sms"), ("video", "video"),
               ("pager", "pager"), ("textphone", "teksttelefoon"))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # Dutch msgid
    kind: Kind = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Dutch label)
    required: bool = False

    @property
    def max_length(self) -> int:
        return MAX_LENGTH[self.kind]


def _specs(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


EDITABLE: dict[str, dict[str, FieldSpec]] = {
    "service": _specs(
        FieldSpec("name", "Naam", required=True),
        FieldSpec("alternate_name", "Andere naam"),
        FieldSpec("description", "Beschrijving", "longtext"),
        FieldSpec("eligibility_description", "Voor wie", "longtext"),
        FieldSpec("application_process", "Aanmelding", "longtext"),
        FieldSpec("fees_description", "Kostprijs", "longtext"),
        FieldSpec("minimum_age", "Minimumleeftijd", "age"),
        FieldSpec("maximum_age", "Maximumleeftijd", "age"),
        FieldSpec("url", "Website", "url"),
        FieldSpec("email", "E-mail", "email"),
        FieldSpec("wait_time", "Wachttijd"),
        FieldSpec("alert", "Belangrijke melding", "longtext"),
        FieldSpec("status", "Status", "choice", STATUS_CHOICES, required=True),
    ),
    "organization": _specs(
        FieldSpec("name", "Naam", required=True),
        FieldSpec("alternate_name", "Andere naam"),
        FieldSpec("description", "Beschrijving", "longtext"),
        FieldSpec("website", "Website", "url"),
        FieldSpec("email", "E-mail", "email"),
    ),
    "location": _specs(
        FieldSpec("name", "Naam"),
        FieldSpec("alternate_name", "Andere naam"),
        FieldSpec("description", "Beschrijving", "longtext"),
        FieldSpec("transportation", "Bereikbaarheid", "longtext"),
        FieldSpec("url", "Website", "url"),
    ),
    "contact": _specs(
        FieldSpec("name", "Naam"),
        FieldSpec("title", "Functie"),
        FieldSpec("department", "Afdeling"),
        FieldSpec("email", "E-mail", "email"),
    ),
    "phone": _specs(
        FieldSpec("number", "Telefoonnummer", required=True),
        FieldSpec("type", "Soort nummer", "choice", PHONE_TYPES),
        FieldSpec("description", "Toelichting"),
    ),
    "address": _specs(
        FieldSpec("attention", "Ter attentie van"),
        FieldSpec("address_1", "Straat en nummer", required=True),
        FieldSpec("address_2", "Adres (vervolg)"),
        FieldSpec("postal_code", "Postcode", required=True),
        FieldSpec("city", "Plaats", required=True),
        FieldSpec("region", "Gemeente"),
    ),
    "schedule": _specs(
        FieldSpec("description", "Openingsuren", "longtext"),
        FieldSpec("byday", "Dagen"),
        FieldSpec("opens_at", "Open vanaf"),
        FieldSpec("closes_at", "Gesloten vanaf"),
        FieldSpec("valid_from", "Geldig vanaf", "date"),
        FieldSpec("valid_to", "Geldig tot", "date"),
        FieldSpec("notes", "Opmerkingen", "longtext"),
    ),
}
RECORD_TYPES: tuple[str, ...] = tuple(EDITABLE)
RECORD_TYPE_LABELS: dict[str, str] = {
    "service": "dienst", "organization": "organisatie", "location": "locatie", "contact": "contactpersoon",
    "phone": "telefoonnummer", "address": "adres", "schedule": "openingsuren",
}
# Pseudo-field of a suggestion to remove a whole record (proposed by an import; not editable by hand).
REMOVE_FIELD = "record"
REMOVE_LABEL = "Verwijderen uit de gids"

_EMAIL_RE = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?$")
_TIME_RE = re.compile(r"^(\d{1,2})\s*(?:[:.hu]\s*(\d{2})?)?$", re.IGNORECASE)
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_INTERNATIONAL_RE = re.compile(r"^\+[1-9][\d ]{6,18}\d$")


def spec(record_type: str, field: str) -> FieldSpec:
    """The spec of one editable field; InvalidField for an unknown record type or field."""
    if record_type not in EDITABLE:
        raise InvalidField("Onbekend soort gegeven: {record_type}.", record_type=record_type)
    found = EDITABLE[record_type].get(field)
    if found is None:
        raise InvalidField("Dit veld kan niet worden gewijzigd: {field}.", field=field)
    return found


def field_label(record_type: str, field: str) -> str:
    if field == REMOVE_FIELD:
        return REMOVE_LABEL
    found = EDITABLE.get(record_type, {}).get(field)
    return found.label if found else field


def as_text(value: Any) -> str:
    """A stored value as the text shown and compared everywhere ("" for empty; 14.0 -> "14")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _longtext(value: str) -> str:
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _email(value: str) -> str:
    value = value.strip().removeprefix("mailto:")
    if not _EMAIL_RE.match(value):
        raise InvalidField("Geen geldig e-mailadres: {value}.", value=value)
    return value


def _url(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("www."):
        value = "https://" + value
    if not _URL_RE.match(value):
        raise InvalidField("Geen geldig webadres (begin met https://): {value}.", value=value)
    return value


def _age(value: str) -> str:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise InvalidField("Een leeftijd is een getal tussen 0 en 99.") from None
    if not 0 <= number <= 99:
        raise InvalidField("Een leeftijd is een getal tussen 0 en 99.")
    return as_text(round(number, 1))


def _date(value: str) -> str:
    value = value.strip()
    match = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$", value)
    iso = f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else value
    try:
        return date.fromisoformat(iso).isoformat() if re.match(r"^\d{4}-\d{2}-\d{2}$", iso) else _bad_date()
    except ValueError:
        return _bad_date()


def _bad_date() -> str:
    raise InvalidField("Geen geldige datum (jjjj-mm-dd).")


def _choice(field: FieldSpec, value: str) -> str:
    wanted = value.strip().casefold()
    for stored, label in field.choices:
        if wanted in (stored.casefold(), label.casefold()):
            return stored
    allowed = ", ".join(stored for stored, _ in field.choices)
    raise InvalidField("Kies een van: {allowed}.", allowed=allowed)


def _phone(value: str) -> str:
    found = normalise_phone(value)
    if found:
        return found
    compact = _text(value)
    if _INTERNATIONAL_RE.match(compact):
        return compact
    raise InvalidField("Geen geldig telefoonnummer: {value}.", value=value)


def _time(value: str) -> str:
    match = _TIME_RE.match(value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise InvalidField("Geef een uur als uu:mm, bv. 09:00.")
    return f"{int(match.group(1)):02d}:{int(match.group(2) or 0):02d}"


def _byday(value: str) -> str:
    days = [d.strip().upper() for d in re.split(r"[,\s]+", value) if d.strip()]
    if not days or any(d not in _DAYS for d in days):
        raise InvalidField("Geef dagen als MO,TU,WE,TH,FR,SA,SU.")
    return ",".join(sorted(set(days), key=_DAYS.index))


def _postal_code(value: str) -> str:
    value = value.strip()
    if not re.match(r"^[1-9]\d{3}$", value):
        raise InvalidField("Een Belgische postcode heeft vier cijfers.")
    return value


_BY_KIND: dict[str, Callable[[str], str]] = {
    "text": _text, "longtext": _longtext, "email": _email, "url": _url, "age": _age, "date": _date,
}
_BY_FIELD: dict[tuple[str, str], Callable[[str], str]] = {
    ("phone", "number"): _phone, ("schedule", "opens_at"): _time, ("schedule", "closes_at"): _time,
    ("schedule", "byday"): _byday, ("address", "postal_code"): _postal_code,
}


def normalize(record_type: str, field: str, value: str | None) -> str | None:
    """The canonical text to store for this field (None clears it); InvalidField when not acceptable."""
    found = spec(record_type, field)
    raw = "" if value is None else str(value)
    if "\x00" in raw:
        raise InvalidField("Ongeldige tekens in de waarde.")
    if len(raw) > found.max_length * 2 or len(raw.strip()) > found.max_length:
        raise InvalidField("Deze waarde is te lang (hoogstens {limit} tekens).", limit=found.max_length)
    if not raw.strip():
        if found.required:
            raise InvalidField("Dit veld is verplicht: {label}.", label=found.label)
        return None
    if found.kind == "choice":
        return _choice(found, raw)
    check = _BY_FIELD.get((record_type, field)) or _BY_KIND[found.kind]
    return check(raw) or None


def to_column(record_type: str, field: str, text: str | None) -> Any:
    """Canonical text to the value stored in the column (ages are numbers; empty description is "")."""
    if text is None or text == "":
        return "" if (record_type, field) == ("organization", "description") else None
    if spec(record_type, field).kind == "age":
        return float(text)
    return text

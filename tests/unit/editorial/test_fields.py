"""Editable fields: what is accepted, how it is stored, and the Dutch refusals (pure)."""

import pytest

from wegwijzer.editorial.errors import InvalidField
from wegwijzer.editorial.fields import EDITABLE, RECORD_TYPES, as_text, field_label, normalize, to_column


@pytest.mark.parametrize(("record_type", "field", "value", "stored"), [
    ("service", "name", "  Huiswerk   begeleiding ", "Huiswerk begeleiding"),
    ("service", "description", "Eerste regel.\r\n\r\n\r\n\r\nTweede regel.  ", "Eerste regel.\n\nTweede regel."),
    ("service", "email", "mailto:info@voorbeeld.be", "info@voorbeeld.be"),
    ("service", "url", "www.voorbeeld.be/aanbod", "https://www.voorbeeld.be/aanbod"),
    ("service", "url", "https://voorbeeld.be", "https://voorbeeld.be"),
    ("service", "minimum_age", "12", "12"),
    ("service", "maximum_age", "17,5", "17.5"),
    ("service", "status", "niet actief", "inactive"),
    ("service", "status", "temporarily closed", "temporarily closed"),
    ("service", "alternate_name", "", None),
    ("service", "alternate_name", "   ", None),
    ("phone", "number", "02/ 313 99 11", "+32 2 313 99 11"),
    ("phone", "number", "0470 12 34 56", "+32 470 12 34 56"),
    ("phone", "number", "+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    ("phone", "type", "gsm", "cell"),
    ("schedule", "opens_at", "9u", "09:00"),
    ("schedule", "closes_at", "17.30", "17:30"),
    ("schedule", "byday", "fr, mo", "MO,FR"),
    ("schedule", "valid_from", "1/9/2026", "2026-09-01"),
    ("schedule", "valid_to", "2027-06-30", "2027-06-30"),
    ("address", "postal_code", " 1080 ", "1080"),
    ("organization", "website", "http://voorbeeld.be", "http://voorbeeld.be"),
    ("contact", "email", "Coordinator@Voorbeeld.be", "Coordinator@Voorbeeld.be"),
])
def test_normalize_accepts_and_canonicalises(record_type: str, field: str, value: str, stored: str | None) -> None:
    assert normalize(record_type, field, value) == stored


@pytest.mark.parametrize(("record_type", "field", "value", "message"), [
    ("service", "email", "geen-adres", "Geen geldig e-mailadres"),
    ("service", "email", "a@b", "Geen geldig e-mailadres"),
    ("service", "url", "javascript:alert(1)", "Geen geldig webadres"),
    ("service", "url", "https://", "Geen geldig webadres"),
    ("service", "minimum_age", "twaalf", "leeftijd"),
    ("service", "minimum_age", "150", "leeftijd"),
    ("service", "minimum_age", "-1", "leeftijd"),
    ("service", "status", "gesloten", "Kies een van"),
    ("service", "name", "", "verplicht"),
    ("service", "name", "x" * 301, "te lang"),
    ("service", "description", "x" * 5001, "te lang"),
    ("phone", "number", "bel ons", "telefoonnummer"),
    ("schedule", "opens_at", "25:00", "uu:mm"),
    ("schedule", "byday", "maandag", "MO,TU"),
    ("schedule", "valid_from", "2026-02-30", "datum"),
    ("address", "postal_code", "108", "vier cijfers"),
    ("service", "id", "x", "kan niet worden gewijzigd"),
    ("service", "source_fiche", "7", "kan niet worden gewijzigd"),
    ("service", "sort_order", "1", "kan niet worden gewijzigd"),
    ("program", "name", "x", "Onbekend soort gegeven"),
    ("service", "name", "a\x00b", "Ongeldige tekens"),
])
def test_normalize_refuses_with_a_dutch_message(record_type: str, field: str, value: str, message: str) -> None:
    with pytest.raises(InvalidField) as caught:
        normalize(record_type, field, value)
    assert caught.value.status == 422
    assert message in str(caught.value)


def test_every_record_type_has_labelled_fields_of_known_kinds() -> None:
    assert set(RECORD_TYPES) == {"service", "organization", "location", "contact", "phone", "address", "schedule"}
    for record_type, fields in EDITABLE.items():
        for name, spec in fields.items():
            assert spec.name == name and spec.label and field_label(record_type, name) == spec.label
            assert spec.kind in {"text", "longtext", "email", "url", "age", "date", "choice"}
            assert bool(spec.choices) == (spec.kind == "choice")


@pytest.mark.parametrize(("value", "text"), [(None, ""), (14.0, "14"), (14.5, "14.5"), ("x", "x"), (3, "3")])
def test_as_text_is_the_compared_form(value: object, text: str) -> None:
    assert as_text(value) == text


def test_to_column_stores_ages_as_numbers_and_clears_to_null() -> None:
    assert to_column("service", "minimum_age", "12") == 12.0
    assert to_column("service", "alternate_name", None) is None
    assert to_column("organization", "description", None) == ""

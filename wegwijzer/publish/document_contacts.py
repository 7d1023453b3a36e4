"""Contact details of the published document, from HSDS objects (pure: dicts in, plain text out).

A fiche's "Contactgegevens" gather what the organisation object carries: its e-mail, website and
phones, the addresses, phones and opening hours of its locations, and its contact persons. An
offer lists only what its own record adds to that (services repeat the organisation's details).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]
DAYS = {"MO": "ma", "TU": "di", "WE": "wo", "TH": "do", "FR": "vr", "SA": "za", "SU": "zo"}


@dataclass
class ContactBlock:
    """Plain-text contact details, each list in the data's order without repeats."""

    addresses: list[tuple[str, ...]] = field(default_factory=list)  # one tuple of lines per address
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.addresses, self.phones, self.emails, self.websites, self.persons, self.hours))

    def without(self, known: ContactBlock) -> ContactBlock:
        """What this block adds to ``known`` (an offer's own details beside its organisation's)."""
        return ContactBlock(
            addresses=[a for a in self.addresses if a not in known.addresses],
            phones=[p for p in self.phones if _digits(p) not in {_digits(k) for k in known.phones}],
            emails=[e for e in self.emails if e.lower() not in {k.lower() for k in known.emails}],
            websites=[w for w in self.websites if _site(w) not in {_site(k) for k in known.websites}],
            persons=[p for p in self.persons if p not in known.persons],
            hours=[h for h in self.hours if h not in known.hours],
        )


def _digits(number: str) -> str:
    return "".join(ch for ch in number.split("(")[0] if ch.isdigit())


def _site(url: str) -> str:
    value = url.strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return value.rstrip("/")


def _add(items: list[Any], value: Any) -> None:
    if value and value not in items:
        items.append(value)


def merged(blocks: Iterable[ContactBlock]) -> ContactBlock:
    """All details of several blocks, without repeats."""
    out = ContactBlock()
    for block in blocks:
        for name in ("addresses", "phones", "emails", "websites", "persons", "hours"):
            for value in getattr(block, name):
                _add(getattr(out, name), value)
    return out


def phone_text(phone: Row) -> str:
    """"+32 2 553 93 76" or "+32 2 553 93 76 (Onthaal)"."""
    number = (phone.get("number") or "").strip()
    description = (phone.get("description") or "").strip()
    return f"{number} ({description})" if number and description else number


def address_lines(address: Row, location_name: str | None = None) -> tuple[str, ...]:
    """The lines of one postal address, as written on an envelope."""
    lines = [location_name, address.get("attention"), address.get("address_2"), address.get("address_1"),
             " ".join(p for p in (address.get("postal_code"), address.get("city")) if p)]
    out: list[str] = []
    for line in lines:
        text = (line or "").strip()
        if text and text not in out:
            out.append(text)
    return tuple(out)


def schedule_text(schedule: Row) -> str:
    """The opening hours as the source states them, else built from the days and hours."""
    if (schedule.get("description") or "").strip():
        return schedule["description"].strip()
    days = ", ".join(DAYS.get(d.strip(), d.strip()) for d in (schedule.get("byday") or "").split(",") if d.strip())
    hours = "–".join(h for h in (schedule.get("opens_at"), schedule.get("closes_at")) if h)
    return " ".join(p for p in (days, hours) if p)


def person_text(contact: Row) -> str:
    """"Name, title (department)", with the e-mail and phones of a named contact person."""
    head = ", ".join(p for p in (contact.get("name"), contact.get("title")) if p)
    if contact.get("department"):
        head = f"{head} ({contact['department']})" if head else contact["department"]
    tail = [contact.get("email") or "", *(phone_text(p) for p in contact.get("phones") or [])]
    return " – ".join(p for p in (head, *tail) if p)


def _contacts(block: ContactBlock, contacts: Iterable[Row]) -> None:
    for contact in contacts:
        if contact.get("name") or contact.get("title") or contact.get("department"):
            _add(block.persons, person_text(contact))
        else:  # an anonymous contact is just an address or a number
            _add(block.emails, (contact.get("email") or "").strip())
            for phone in contact.get("phones") or []:
                _add(block.phones, phone_text(phone))


def _location(block: ContactBlock, location: Row) -> None:
    for address in location.get("addresses") or []:
        _add(block.addresses, address_lines(address, location.get("name")))
    for phone in location.get("phones") or []:
        _add(block.phones, phone_text(phone))
    for schedule in location.get("schedules") or []:
        _add(block.hours, schedule_text(schedule))
    _contacts(block, location.get("contacts") or [])
    _add(block.websites, (location.get("url") or "").strip())


def organization_contacts(org: Row) -> ContactBlock:
    """The contact details of an HSDS organization object."""
    block = ContactBlock()
    for location in org.get("locations") or []:
        _location(block, location)
    for phone in org.get("phones") or []:
        _add(block.phones, phone_text(phone))
    _add(block.emails, (org.get("email") or "").strip())
    _add(block.websites, (org.get("website") or "").strip())
    _contacts(block, org.get("contacts") or [])
    return block


def service_contacts(svc: Row) -> ContactBlock:
    """The contact details of an HSDS service object (its own, its locations' and contacts')."""
    block = ContactBlock()
    for sal in svc.get("service_at_locations") or []:
        if sal.get("location"):
            _location(block, sal["location"])
        for phone in sal.get("phones") or []:
            _add(block.phones, phone_text(phone))
        _contacts(block, sal.get("contacts") or [])
    for phone in svc.get("phones") or []:
        _add(block.phones, phone_text(phone))
    _add(block.emails, (svc.get("email") or "").strip())
    _add(block.websites, (svc.get("url") or "").strip())
    _contacts(block, svc.get("contacts") or [])
    return block

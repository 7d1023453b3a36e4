"""Parse the "Contactgegevens" block of a fiche into :class:`ContactInfo` entries.

Entries: a block holds one or more entries. An entry starts with a heading line (organisation or
department name) or directly with an address; a heading line that follows an entry that already
has data (address, phone, e-mail, website or person) starts a new entry. Two-column blocks are
split into a left and a right stream first (see :mod:`wegwijzer.ingest.contact_lines`); entries
are returned in document order (line, then column). Entries without any data are dropped.

Decisions:

* Persons: phone numbers and e-mails that belong to a named person are stored on that person's
  :class:`ContactRec` only, not repeated in the entry-level lists. They belong to the person when
  they are on the person's line ("Name (x@y.be)", "0470/20 04 07 (Name)", "Contacteer Name op
  04…"), on unlabelled (or mobile-labelled) lines directly under the person (a blank line, an
  address line or a heading ends "directly under"), when the e-mail is
  built from the person's name ("marie@…" for "Marie Lorent"), or for a mobile number on the
  line next to such an e-mail. Labelled lines ("Telefoon:", "E-mail:") stay entry-level.
* A person-only entry in the right column (e.g. a director next to the organisation) is merged
  into the left-column entry it sits next to.
* Websites: "www.x.be" gets "https://"; a given scheme is kept; the host is lower-cased; a
  trailing "/" is removed only when it is the whole path ("https://x.be/" -> "https://x.be").
* E-mails are lower-cased; "mailto:" and trailing punctuation are stripped.
* A "Meer info over <topic>: <e-mail/phone>" line after entries is an entry of its own without heading
  (general information of the fiche, not of the entry above it).
* Addresses: a street line plus a postcode line (or both on one line). A street that never gets
  a postcode ("Actieplek Brussel : Havenlaan 53") becomes an AddressRec with ``postal_code ""``
  (never guessed); the caller may drop or complete those (see ``make_incomplete_address``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from wegwijzer.ingest import addresses, persons, phones
from wegwijzer.ingest.contact_lines import Line, clean_lines, column_streams
from wegwijzer.ingest.records import ContactInfo, ContactRec
from wegwijzer.ingest.schedules import extract_schedules

__all__ = ["extract_contacts", "extract_schedules", "find_emails", "find_websites", "normalise_website"]

_EMAIL_RE = re.compile(r"(?:mailto:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", re.IGNORECASE)
_URL_RE = re.compile(r"(?<![@\w.])(?:https?://|www\.)[^\s|,;<>\"]+", re.IGNORECASE)
_WWW_GAP_RE = re.compile(r"\b(www\.)\s+(?=[a-z0-9])", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:)]'\"’"
_GENERIC_MAILBOX_RE = re.compile(
    r"^(?:info|contact|admin|secretariaat|onthaal|hallo|hello|mail|team|office|algemeen|inschrijving\w*|"
    r"aanmeld\w*|\w*loket|\w*centraal|\w*zuid|\w*noord)$",
    re.IGNORECASE,
)
_LABELLED_LINE_RE = re.compile(
    r"^(?:tel(?:efoon)?\.?|telephone|t|f|fax|onthaal|e-?mail|mail|website|web|url|internet)\s*:?\s", re.IGNORECASE
)
_MOBILE_LABEL_RE = re.compile(r"^(?:gsm|mobiel|mobile|portable)\b", re.IGNORECASE)
_LABEL_ONLY_RE = re.compile(r"^(?P<label>[^:@\d]{2,80}?)\s*:$")
_LABEL_VALUE_RE = re.compile(r"^(?P<label>[^:@\d]{2,60}?)\s+:\s+(?P<value>.+)$")
_SENTENCE_RE = re.compile(r"^(?=.{50,}).*[.!?]\s+[A-Z]|.{90,}")
_SPACES_RE = re.compile(r"\s{2,}")
# "Meer info over duaal leren: x@y.be of 0484 …": information about a topic after the entries,
# not part of the entry above it (a plain "Meer info: 0479 …" line still is)
_GENERAL_INFO_RE = re.compile(r"^(?:voor\s+)?meer\s+info(?:rmatie)?\s+over\s[^:@]{1,60}:\s*\S", re.IGNORECASE)


def normalise_website(url: str) -> str | None:
    """Absolute https URL; None for debris such as ``javascript:void(0)``."""
    url = url.strip().rstrip(_TRAILING_PUNCT)
    if not url or url.lower().startswith("javascript:"):
        return None
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    if not parts.netloc or "." not in parts.netloc:
        return None
    path = "" if parts.path == "/" else parts.path
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment))


def _url_key(url: str) -> str:
    """Scheme-insensitive identity of a URL ("http://x.be/" == "https://x.be")."""
    return re.sub(r"^https?://", "", url.lower()).rstrip("/")


def find_emails(text: str) -> list[str]:
    return [m.group(1).lower().rstrip(_TRAILING_PUNCT) for m in _EMAIL_RE.finditer(text)]


def find_websites(text: str) -> list[str]:
    text = _WWW_GAP_RE.sub(r"\1", text)
    without_emails = _EMAIL_RE.sub(" ", text)
    found = (normalise_website(m.group(0)) for m in _URL_RE.finditer(without_emails))
    return [url for url in found if url]


@dataclass
class _Entry:
    info: ContactInfo = field(default_factory=ContactInfo)
    street: addresses.StreetLine | None = None
    extras: list[str] = field(default_factory=list)
    heading_parts: list[str] = field(default_factory=list)
    person: ContactRec | None = None  # person that captures unlabelled lines directly under it
    email_lines: dict[str, int] = field(default_factory=dict)  # person's name -> line of their e-mail
    free_mobiles: dict[str, int] = field(default_factory=dict)  # unlabelled entry-level mobile -> line

    def has_data(self) -> bool:
        info = self.info
        return bool(info.addresses or info.phones or info.emails or info.websites or info.contacts or self.street)

    def flush_street(self) -> None:
        """A street that never got its postcode line becomes an address without postcode."""
        if self.street is not None:
            self.info.addresses.append(addresses.make_incomplete_address(self.street, self.extras))
            self.street, self.extras = None, []

    def give_adjacent_mobiles_to_persons(self) -> None:
        """An unlabelled mobile on the line next to a person's own e-mail is that person's."""
        for contact in self.info.contacts:
            email_line = self.email_lines.get(contact.name or "")
            for number, line_no in self.free_mobiles.items():
                phone = next((p for p in self.info.phones if p.number == number), None)
                if email_line is not None and phone is not None and abs(email_line - line_no) == 1:
                    self.info.phones.remove(phone)
                    contact.phones.append(phone)

    def touch(self, line: Line) -> None:
        if self.info.line_start is None:
            self.info.line_start = line.no
        self.info.line_end = max(self.info.line_end or line.no, line.no)


class _StreamParser:
    """Walks one column stream and builds entries."""

    def __init__(self, stream: list[Line | None]) -> None:
        self.stream = stream
        self.entries: list[_Entry] = [_Entry()]
        self.previous_kind = "blank"

    @property
    def cur(self) -> _Entry:
        return self.entries[-1]

    def run(self) -> list[ContactInfo]:
        for index, line in enumerate(self.stream):
            if line is None:
                self.cur.person = None
                self.previous_kind = "blank"
                continue
            self.previous_kind = self._handle(index, line)
        for entry in self.entries:
            entry.flush_street()
            entry.give_adjacent_mobiles_to_persons()
        entries = [entry for entry in self.entries if entry.has_data()]
        _inherit_group_headings(entries)
        return [entry.info for entry in entries]

    def _new_entry_if_complete(self) -> None:
        if self.cur.has_data():
            self.entries.append(_Entry())

    def _handle(self, index: int, line: Line) -> str:
        text = line.text
        person = persons.parse_person_line(text)
        if person:
            self._add_person(line, person.name, person.title, person.org, person.rest or "")
            return "person"
        if self._inline_persons(line):
            return "person"
        if self._address(line):
            return "address"
        if find_emails(text) or find_websites(text) or phones.find_phone_numbers(text):
            if _GENERAL_INFO_RE.match(text) and self.cur.has_data():
                self.entries.append(_Entry())  # an entry of its own, without heading
                self.cur.person = None
            self._data_line(line)
            return "data"
        return self._text_line(index, line)

    def _inline_persons(self, line: Line) -> bool:
        matches = list(persons.INLINE_PERSON_RE.finditer(line.text))
        found = [m for m in matches if persons.is_person_name(m.group("name"))]
        if not found:
            return False
        for match in found:
            self._add_person(line, match.group("name"), None, None, match.group("inside"))
            self.cur.person = None
        return True

    def _add_person(self, line: Line, name: str, title: str | None, org: str | None, rest: str) -> None:
        if org:
            self._set_heading(line, _SPACES_RE.sub(" ", org))
        contact = next((c for c in self.cur.info.contacts if c.name == name), None)
        if contact is None:
            contact = ContactRec(name=name, title=title)
            self.cur.info.contacts.append(contact)
        self._attach_to_person(contact, rest, line.no)
        self.cur.person = contact
        self.cur.touch(line)

    def _attach_to_person(self, contact: ContactRec, text: str, line_no: int) -> None:
        emails = find_emails(text)
        if emails and not contact.email:
            contact.email = emails[0]
            self.cur.email_lines[contact.name or ""] = line_no
        for phone in phones.phones_in_line(text):
            if phone.number not in {p.number for p in contact.phones}:
                contact.phones.append(phone)

    def _set_heading(self, line: Line, heading: str) -> None:
        self._new_entry_if_complete()
        info = self.cur.info
        info.heading = heading if info.heading is None else f"{info.heading} – {heading}"
        self.cur.heading_parts.append(heading)
        self.cur.touch(line)

    def _address(self, line: Line) -> bool:
        found = self._address_line(line)
        if found:
            self.cur.person = None  # an address line ends what is "directly under" a person
        return found

    def _address_line(self, line: Line) -> bool:
        text = line.text
        labelled = _LABEL_VALUE_RE.match(text)
        value = labelled.group("value") if labelled else text
        extra = [labelled.group("label")] if labelled else []
        combined = addresses.parse_street_and_postcode(value)
        street = combined[0] if combined else addresses.parse_street_line(value)
        if street:
            if self.cur.info.addresses and (self.cur.info.phones or self.cur.info.emails or self.cur.info.websites):
                self.entries.append(_Entry())
            self.cur.flush_street()
            self.cur.street = street
            self.cur.extras.extend(extra)
            self.cur.touch(line)
            if combined:
                self._complete_address(*combined[1])
            return True
        postcode = addresses.parse_postcode_line(text)
        if postcode:
            self._complete_address(*postcode)
            self.cur.touch(line)
            return True
        if addresses.is_address_extra(text) and not find_emails(text):
            if self.cur.street and not self.cur.street.address_2:
                self.cur.street.address_2 = text
            else:
                self.cur.extras.append(text)
            self.cur.touch(line)
            return True
        return False

    def _complete_address(self, postcode: str, city: str) -> None:
        entry = self.cur
        if entry.street is None:
            return
        entry.info.addresses.append(addresses.make_address(entry.street, postcode, city, entry.extras))
        entry.street, entry.extras = None, []

    def _data_line(self, line: Line) -> None:
        entry = self.cur
        text = line.text
        paren_name = persons.name_in_parentheses(text)
        if paren_name:  # "0470/20 04 07 (Fabian Willems)"
            self._add_person(line, paren_name, None, None, text)
            return
        labelled = bool(_LABELLED_LINE_RE.match(text))
        mobile_label = bool(_MOBILE_LABEL_RE.match(text))
        for email in find_emails(text):
            owner = self._email_owner(email, labelled)
            if owner is not None:
                owner.email = owner.email or email
                entry.email_lines[owner.name or ""] = line.no
            elif email not in entry.info.emails:
                entry.info.emails.append(email)
        for phone in phones.phones_in_line(text):
            owner = self.cur.person if not (labelled and not mobile_label) else None
            target = owner.phones if owner is not None else entry.info.phones
            if phone.number not in {p.number for p in target}:
                target.append(phone)
            if owner is None and phone.type == "cell" and not labelled:
                entry.free_mobiles[phone.number] = line.no
        for url in find_websites(text):
            if _url_key(url) not in {_url_key(u) for u in entry.info.websites}:
                entry.info.websites.append(url)
        entry.touch(line)

    def _email_owner(self, email: str, labelled: bool) -> ContactRec | None:
        for contact in self.cur.info.contacts:
            if contact.name and persons.email_matches_name(email, contact.name):
                return contact
        person = self.cur.person
        local = email.split("@", 1)[0]
        if person and not labelled and not person.email and not _GENERIC_MAILBOX_RE.match(local):
            return person
        return None

    def _text_line(self, index: int, line: Line) -> str:
        text = line.text
        schedules = extract_schedules(text)
        if schedules:
            self.cur.info.schedules.extend(schedules)
            self.cur.touch(line)
            return "schedule"
        person = self.cur.person
        if person and self.previous_kind == "person" and not person.title and persons.ROLE_WORDS_RE.search(text):
            person.title = _SPACES_RE.sub(" ", text)
            self.cur.touch(line)
            return "person"
        name = persons.bare_person_name(text)
        if name and self._confirmed_by_email(index, name):
            self._add_person(line, name, None, None, "")
            return "person"
        label = _LABEL_ONLY_RE.match(text)
        heading = _SPACES_RE.sub(" ", label.group("label").strip() if label else text)
        if _SENTENCE_RE.search(heading) and self.cur.has_data():
            self.entries.append(_Entry())  # prose after the data: never part of an entry
            return "prose"
        self._set_heading(line, heading)
        self.cur.person = None
        return "heading"

    def _confirmed_by_email(self, index: int, name: str) -> bool:
        following = [line for line in self.stream[index + 1: index + 5] if line is not None]
        return any(persons.email_matches_name(e, name) for line in following[:3] for e in find_emails(line.text))


def _inherit_group_headings(entries: list[_Entry]) -> None:
    """"CVO X" + "Campus A", then "Campus B": the sibling becomes "CVO X – Campus B"."""
    group: str | None = None
    sibling_word: str | None = None
    for entry in entries:
        parts = entry.heading_parts
        if len(parts) >= 2:
            group, sibling_word = " – ".join(parts[:-1]), parts[-1].split()[0].lower()
        elif len(parts) == 1 and group and parts[0].split()[0].lower() == sibling_word:
            entry.info.heading = f"{group} – {parts[0]}"


def _merge_person_columns(entries: list[tuple[int, ContactInfo]]) -> list[ContactInfo]:
    """Merge right-column entries that only hold persons into the left entry next to them."""
    left = [info for column, info in entries if column == 0]
    result: list[ContactInfo] = []
    for column, info in entries:
        person_only = info.contacts and not (info.heading or info.addresses or info.websites)
        host = _overlapping(left, info) if column == 1 and person_only else None
        if host is None:
            result.append(info)
            continue
        host.contacts.extend(info.contacts)
        host.phones.extend(p for p in info.phones if p.number not in {q.number for q in host.phones})
        host.emails.extend(e for e in info.emails if e not in host.emails)
    return result


def _overlapping(candidates: list[ContactInfo], info: ContactInfo) -> ContactInfo | None:
    for candidate in candidates:
        if (candidate.line_start or 0) <= (info.line_start or 0) <= (candidate.line_end or 0):
            return candidate
    return None


def extract_contacts(lines: list[str], first_line_no: int = 1) -> list[ContactInfo]:
    """Entries of one contact block. ``lines`` are raw document lines (trailing spaces kept)
    following the "Contactgegevens" heading (the heading line itself may be included);
    ``first_line_no`` is the document line number of ``lines[0]``."""
    cleaned = clean_lines(lines, first_line_no)
    found: list[tuple[int, ContactInfo]] = []
    for column, stream in enumerate(column_streams(cleaned)):
        found.extend((column, info) for info in _StreamParser(stream).run())
    found.sort(key=lambda item: (item[1].line_start or 0, item[0]))
    return _merge_person_columns(found)

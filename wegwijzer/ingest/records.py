"""Plain records produced by the importer (pure: no database, no ids yet).

The importer turns the infobundle text into an :class:`ImportResult`. The store
step (:mod:`wegwijzer.ingest.store`) derives stable uuid5 ids from the natural
keys below and writes HSDS rows. Keeping these records free of ids and of
SQLAlchemy lets the parser be tested with plain tables of expectations.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceRef:
    """Where a record came from: fiche number ("12", "25.3") and 1-based line range."""

    fiche: str
    line_start: int
    line_end: int


@dataclass
class PhoneRec:
    number: str  # international form, e.g. "+32 2 563 03 00" / "+32 489 54 66 22"
    description: str | None = None  # e.g. "GSM", "Onthaal", a person's name
    type: str | None = None  # HSDS-ish: "voice", "cell", "fax", "text"


@dataclass
class AddressRec:
    address_1: str  # street and number, e.g. "Leopold II-laan 178"
    postal_code: str  # Belgian 4-digit postcode, e.g. "1080"
    city: str  # as written, e.g. "Sint-Jans-Molenbeek"
    municipality: str | None = None  # gemeente slug (vocabulary), e.g. "sint-jans-molenbeek"
    address_2: str | None = None
    country: str = "BE"
    state_province: str = "Brussels Hoofdstedelijk Gewest"  # or the province outside Brussels


@dataclass
class ContactRec:
    """A named person (or role) to contact."""

    name: str | None = None
    title: str | None = None  # function, e.g. "Directeur", "Coördinator"
    email: str | None = None
    phones: list[PhoneRec] = field(default_factory=list)


@dataclass
class ScheduleRec:
    """Opening hours; one record per contiguous opening period."""

    byday: str | None = None  # RFC 5545 days, e.g. "MO,TU,WE"
    opens_at: str | None = None  # "09:00"
    closes_at: str | None = None  # "12:30"
    description: str | None = None  # the original Dutch text, always filled
    freq: str | None = "WEEKLY"


@dataclass
class ContactInfo:
    """Everything found in one contact block (or one entry of a multi-entry block)."""

    heading: str | None = None  # first line naming the organisation/department, if any
    addresses: list[AddressRec] = field(default_factory=list)
    phones: list[PhoneRec] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)  # absolute URLs, "https://…"
    contacts: list[ContactRec] = field(default_factory=list)
    schedules: list[ScheduleRec] = field(default_factory=list)
    line_start: int | None = None
    line_end: int | None = None


@dataclass
class CostRec:
    option: str | None = None  # e.g. "Inschrijvingsgeld", "per module"
    amount: float | None = None
    currency: str | None = "EUR"
    amount_description: str | None = None  # the original phrase, e.g. "€ 1,5 per lesuur"


@dataclass
class ServiceRec:
    name: str
    description: str = ""
    eligibility_description: str | None = None  # "Doelgroep"
    application_process: str | None = None  # "Aanmelding"
    fees_description: str | None = None  # "Kostprijs"
    cost_options: list[CostRec] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)  # "Financiering", one source each
    minimum_age: int | None = None
    maximum_age: int | None = None
    languages: list[str] = field(default_factory=list)  # ISO 639-1 codes: "nl", "fr", "en"
    schedules: list[ScheduleRec] = field(default_factory=list)
    # facet taxonomy -> slugs (vocabulary.md): fase, onderwijsniveau, studierichting, nood,
    # doelgroep, aanmeldroute, onderwijstaal, gemeente
    facets: dict[str, list[str]] = field(default_factory=dict)
    url: str | None = None
    email: str | None = None
    phones: list[PhoneRec] = field(default_factory=list)
    contacts: list[ContactRec] = field(default_factory=list)
    service_areas: list[str] = field(default_factory=list)  # e.g. "Brussels Hoofdstedelijk Gewest"
    source: SourceRef | None = None


@dataclass
class OrganizationRec:
    key: str  # natural key, unique in one import: fiche number, plus "/slug" for sub-organisations
    fiche: str  # "12", "25.3"
    name: str
    description: str = ""
    alternate_name: str | None = None
    parent_key: str | None = None  # key of the parent organisation (multi-organisation fiches)
    program_name: str | None = None  # groups organisations of one fiche (e.g. "Leersteuncentra")
    email: str | None = None
    website: str | None = None
    contact_infos: list[ContactInfo] = field(default_factory=list)  # becomes locations/phones/contacts
    funding: list[str] = field(default_factory=list)
    services: list[ServiceRec] = field(default_factory=list)
    source: SourceRef | None = None


@dataclass
class FicheReport:
    fiche: str
    title: str
    missing: list[str] = field(default_factory=list)  # fields not found: "Doelgroep", "Contactgegevens", …


@dataclass
class ImportResult:
    organizations: list[OrganizationRec]
    reports: list[FicheReport] = field(default_factory=list)
    document_title: str | None = None
    warnings: list[str] = field(default_factory=list)


class InvalidDocumentError(ValueError):
    """Raised by the importer for input that is not a usable infobundle (message is user-facing)."""

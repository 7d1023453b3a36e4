"""HSDS 3.0 tables.

Table and column names follow the HSDS 3.0 schema (``shared/hsds/3.0/schema``). Ids are
uuid strings (36 characters) so the same schema runs on SQLite and PostgreSQL. Every
content table carries its provenance: the fiche number and the line range in the source
document the record was read from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Id = String(36)


class Base(DeclarativeBase):
    pass


class ProvenanceMixin:
    source_fiche: Mapped[str | None] = mapped_column(String(16))
    source_line_start: Mapped[int | None] = mapped_column(Integer)
    source_line_end: Mapped[int | None] = mapped_column(Integer)


class VersionMixin:
    """Records editors can change carry a version, bumped by every applied change (no lost updates)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


def fk(target: str, nullable: bool = True) -> Mapped[str | None]:
    return mapped_column(Id, ForeignKey(f"{target}.id", ondelete="CASCADE"), index=True, nullable=nullable)


class Organization(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "organization"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(Text)
    tax_status: Mapped[str | None] = mapped_column(Text)
    tax_id: Mapped[str | None] = mapped_column(Text)
    year_incorporated: Mapped[int | None] = mapped_column(Integer)
    legal_status: Mapped[str | None] = mapped_column(Text)
    logo: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)
    parent_organization_id: Mapped[str | None] = mapped_column(
        Id, ForeignKey("organization.id", ondelete="SET NULL"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Program(ProvenanceMixin, Base):
    __tablename__ = "program"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str | None] = fk("organization")
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class Service(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "service"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str] = fk("organization", nullable=False)
    program_id: Mapped[str | None] = mapped_column(Id, ForeignKey("program.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), default="active")
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    wait_time: Mapped[str | None] = mapped_column(Text)
    fees: Mapped[str | None] = mapped_column(Text)
    accreditations: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[float | None] = mapped_column(Float)
    maximum_age: Mapped[float | None] = mapped_column(Float)
    assured_date: Mapped[str | None] = mapped_column(String(10))
    assurer_email: Mapped[str | None] = mapped_column(Text)
    licenses: Mapped[str | None] = mapped_column(Text)
    alert: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Location(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "location"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_type: Mapped[str] = mapped_column(String(16), default="physical")
    url: Mapped[str | None] = mapped_column(Text)
    organization_id: Mapped[str | None] = fk("organization")
    name: Mapped[str | None] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    external_identifier: Mapped[str | None] = mapped_column(Text)
    external_identifier_type: Mapped[str | None] = mapped_column(Text)


class ServiceAtLocation(ProvenanceMixin, Base):
    __tablename__ = "service_at_location"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str] = fk("service", nullable=False)
    location_id: Mapped[str] = fk("location", nullable=False)
    description: Mapped[str | None] = mapped_column(Text)


class Address(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "address"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str | None] = fk("location")
    attention: Mapped[str | None] = mapped_column(Text)
    address_1: Mapped[str] = mapped_column(Text)
    address_2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    state_province: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(16), index=True)
    country: Mapped[str] = mapped_column(String(2), default="BE")
    address_type: Mapped[str] = mapped_column(String(16), default="physical")


class Contact(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "contact"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str | None] = fk("organization")
    service_id: Mapped[str | None] = fk("service")
    service_at_location_id: Mapped[str | None] = fk("service_at_location")
    location_id: Mapped[str | None] = fk("location")
    name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)


class Phone(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "phone"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    location_id: Mapped[str | None] = fk("location")
    service_id: Mapped[str | None] = fk("service")
    organization_id: Mapped[str | None] = fk("organization")
    contact_id: Mapped[str | None] = fk("contact")
    service_at_location_id: Mapped[str | None] = fk("service_at_location")
    number: Mapped[str] = mapped_column(String(40))
    extension: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)


class Schedule(VersionMixin, ProvenanceMixin, Base):
    __tablename__ = "schedule"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = fk("service")
    location_id: Mapped[str | None] = fk("location")
    service_at_location_id: Mapped[str | None] = fk("service_at_location")
    valid_from: Mapped[str | None] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    dtstart: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[float | None] = mapped_column(Float)
    until: Mapped[str | None] = mapped_column(String(10))
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(8))
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(64))
    byweekno: Mapped[str | None] = mapped_column(String(64))
    bymonthday: Mapped[str | None] = mapped_column(String(64))
    byyearday: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[str | None] = mapped_column(String(8))
    schedule_link: Mapped[str | None] = mapped_column(Text)
    attending_type: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)


class ServiceArea(ProvenanceMixin, Base):
    __tablename__ = "service_area"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = fk("service")
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(32))
    uri: Mapped[str | None] = mapped_column(Text)


class Language(ProvenanceMixin, Base):
    __tablename__ = "language"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = fk("service")
    location_id: Mapped[str | None] = fk("location")
    phone_id: Mapped[str | None] = fk("phone")
    name: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class Funding(ProvenanceMixin, Base):
    __tablename__ = "funding"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    organization_id: Mapped[str | None] = fk("organization")
    service_id: Mapped[str | None] = fk("service")
    source: Mapped[str | None] = mapped_column(Text)


class CostOption(ProvenanceMixin, Base):
    __tablename__ = "cost_option"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = fk("service")
    valid_from: Mapped[str | None] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    option: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[float | None] = mapped_column(Float)
    amount_description: Mapped[str | None] = mapped_column(Text)


class RequiredDocument(ProvenanceMixin, Base):
    __tablename__ = "required_document"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    service_id: Mapped[str | None] = fk("service")
    document: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)


class Taxonomy(Base):
    __tablename__ = "taxonomy"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(32))


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = mapped_column(Id, ForeignKey("taxonomy_term.id", ondelete="SET NULL"))
    taxonomy: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    taxonomy_id: Mapped[str | None] = fk("taxonomy")
    term_uri: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Attribute(Base):
    __tablename__ = "attribute"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    link_id: Mapped[str] = mapped_column(Id, index=True)
    taxonomy_term_id: Mapped[str] = fk("taxonomy_term", nullable=False)
    link_type: Mapped[str | None] = mapped_column(String(64))
    link_entity: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)


class Metadata(Base):
    """HSDS metadata: one row per change of one field of one record (the history)."""

    __tablename__ = "metadata"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    resource_id: Mapped[str] = mapped_column(Id, index=True)
    resource_type: Mapped[str] = mapped_column(String(32))
    last_action_date: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_action_type: Mapped[str] = mapped_column(String(16))
    field_name: Mapped[str] = mapped_column(String(64))
    previous_value: Mapped[str] = mapped_column(Text, default="")
    replacement_value: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(Text)


class ImportRun(Base):
    """One import of a source document (not an HSDS object)."""

    __tablename__ = "import_run"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source_name: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    organizations: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)

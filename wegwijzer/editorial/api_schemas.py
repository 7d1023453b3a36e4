"""The suggestions API's JSON in and out (pydantic), the contract other systems depend on."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["pending", "accepted", "rejected"]
#: generous outer bounds; the editorial services apply the real limits per field with a Dutch message
MAX_VALUE = 20_000
MAX_NOTE = 5_000


class SuggestionIn(BaseModel):
    """A proposed new value for one field of one record."""

    record_type: str = Field(max_length=32, description="service, organization, location, contact, phone, "
                                                         "address of schedule.")
    record_id: str = Field(max_length=64, description="Id van het record.")
    field: str = Field(max_length=64, description="Naam van het veld, bv. email of description.")
    value: str = Field(max_length=MAX_VALUE, description="De voorgestelde nieuwe waarde (leeg: veld wissen).")
    note: str = Field(default="", max_length=MAX_NOTE, description="Toelichting voor de redactie.")
    submitter_email: str | None = Field(default=None, max_length=254,
                                        description="E-mailadres van de indiener (optioneel).")


class SuggestionCreated(BaseModel):
    id: str
    status: Status = Field(description="pending, of accepted wanneer meteen toegepast (partner met "
                                       "rechtstreekse bewerking).")


class AcceptIn(BaseModel):
    value: str | None = Field(default=None, max_length=MAX_VALUE,
                              description="De waarde die de redacteur toepast (leeg laten: de voorgestelde).")
    note: str = Field(default="", max_length=MAX_NOTE, description="Notitie van de redacteur.")


class RejectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=MAX_NOTE, description="Waarom de wijziging is afgewezen.")


class SuggestionOut(BaseModel):
    """One suggested change with its review (the editorial SuggestionView)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    record_type: str
    record_id: str
    record_label: str
    organization_id: str | None
    organization_name: str
    field: str
    field_label: str
    current_value: str = Field(description="De waarde die nu in het record staat.")
    original_value: str = Field(description="De waarde toen de wijziging werd voorgesteld.")
    proposed_value: str
    note: str
    submitter_email: str | None
    submitted_by: str = Field(description="Wie indiende: e-mailadres, 'anoniem' of 'import:<bron>'.")
    source: str = Field(description="web, api of import.")
    status: Status
    created_at: datetime
    base_version: int
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str
    conflict: bool = Field(description="Het record is gewijzigd sinds het voorstel (of, bij een import: een "
                                       "redacteur wijzigde het veld sinds de vorige import).")
    applied_value: str | None


class SuggestionList(BaseModel):
    items: list[SuggestionOut]
    total: int = Field(description="Aantal voorgestelde wijzigingen met deze status (alle statussen zonder filter).")

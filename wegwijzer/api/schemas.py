"""API in and out: query parameters, the match body and the documented response shapes.

Query models are plain pydantic models read with ``Annotated[Model, Query()]``: FastAPI validates
every parameter (bad values give 422) and documents them in the served OpenAPI. Response models
document the HSDS Page object; the objects inside are the HSDS 3.0 schemas (``contents``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

MAX_PAGE = 100_000
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
MAX_SEARCH = 500
MAX_TEXT = 20_000
MAX_LIMIT = 200

Format = Literal["json", "ndjson"]


class ListQuery(BaseModel):
    """Parameters every paginated list takes."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    search: str | None = Field(None, max_length=MAX_SEARCH, description="Volledige-teksttekst (Nederlands).")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Paginanummer (vanaf 1).")
    per_page: int | None = Field(
        None, ge=1, le=MAX_PER_PAGE, description=f"Aantal per pagina (1–{MAX_PER_PAGE}, standaard {DEFAULT_PER_PAGE})."
    )
    format: Format = Field("json", description="`json` (pagina's) of `ndjson` (alle resultaten, één per regel).")


class ServiceFilters(ListQuery):
    taxonomy_term_id: UUID | None = Field(None, description="Alleen diensten met deze taxonomieterm.")
    taxonomy_id: UUID | None = Field(None, description="Alleen diensten met een term uit deze taxonomie.")
    organization_id: UUID | None = Field(None, description="Alleen diensten van deze organisatie.")
    modified_after: datetime | None = Field(None, description="Alleen wat op of na dit tijdstip (ISO 8601) wijzigde.")
    full: bool = Field(False, description="Volledig geneste objecten.")


class ServicesQuery(ServiceFilters):
    minimal: bool = Field(False, description="Alleen id, name, status en last_modified.")


class ServiceAtLocationsQuery(ServiceFilters):
    postcode: str | None = Field(None, max_length=16, description="Alleen locaties met een adres met deze postcode.")


class OrganizationsQuery(ListQuery):
    full: bool = Field(False, description="Volledig geneste organisaties.")
    full_service: bool = Field(False, description="Met volledige diensten in `services`.")


class OrganizationQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    full_service: bool = Field(False, description="Met volledige diensten in `services`.")


class TaxonomyTermsQuery(ListQuery):
    taxonomy_id: UUID | None = Field(None, description="Alleen termen van deze taxonomie.")
    parent_id: UUID | None = Field(None, description="Alleen termen met deze ouderterm.")
    top_only: bool = Field(False, description="Alleen termen zonder ouderterm (het hoogste niveau).")


class MatchRequest(BaseModel):
    """The profile of ``shared/docs/vocabulary.md``; slugs and age are checked by the matcher's profile."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr | None = Field(None, max_length=MAX_TEXT, description="Beschrijving van de situatie.")
    age: StrictInt | StrictStr | None = Field(None, description="Leeftijd (0–120).")
    level: StrictStr | None = Field(None, max_length=64, description="Onderwijsniveau (slug).")
    stream: StrictStr | None = Field(None, max_length=64, description="Studierichting: aso, tso, bso, kso.")
    needs: list[StrictStr] = Field(default_factory=list, max_length=30, description="Noden (slugs).")
    asker: StrictStr | None = Field(None, max_length=64, description="Vraagsteller (slug).")
    school_language: StrictStr | None = Field(None, max_length=8, description="Onderwijstaal: nl of fr.")
    municipality: StrictStr | None = Field(None, max_length=64, description="Gemeente (slug).")
    limit: StrictInt = Field(10, ge=1, le=MAX_LIMIT, description=f"Aantal resultaten (1–{MAX_LIMIT}).")


class ApiInfo(BaseModel):
    version: str
    profile: str
    openapi_url: str


class Page(BaseModel):
    """The HSDS Page object; ``contents`` holds HSDS objects (list form, or full with ``full=true``)."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class MatchResponse(BaseModel):
    """The JSON of ``wegwijzer match --json``."""

    model_config = ConfigDict(extra="allow")

    profile: dict[str, Any]
    results: list[dict[str, Any]]
    excluded: list[dict[str, Any]]
    procedures: list[dict[str, Any]]

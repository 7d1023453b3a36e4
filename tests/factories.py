"""Small, explicit factories for importer records (invented data, no real people)."""

from __future__ import annotations

from wegwijzer.ingest.records import (
    AddressRec,
    ContactInfo,
    ContactRec,
    CostRec,
    ImportResult,
    OrganizationRec,
    PhoneRec,
    ServiceRec,
    SourceRef,
)


def service(name: str = "Individuele begeleiding", **kw: object) -> ServiceRec:
    defaults: dict[str, object] = {
        "description": "Begeleiding op maat.",
        "eligibility_description": "Jongeren van 12 tot 18 jaar",
        "application_process": "Via het CLB",
        "fees_description": "gratis",
        "cost_options": [CostRec(option="gratis", amount=0.0, amount_description="gratis")],
        "funding": ["VGC"],
        "minimum_age": 12,
        "maximum_age": 18,
        "facets": {"fase": ["interventie"], "nood": ["spijbelen"], "aanmeldroute": ["via-clb"]},
        "source": SourceRef("7", 100, 120),
    }
    defaults.update(kw)
    return ServiceRec(name=name, **defaults)  # type: ignore[arg-type]


def organization(key: str = "7", name: str = "Voorbeeldorganisatie vzw", **kw: object) -> OrganizationRec:
    defaults: dict[str, object] = {
        "fiche": key.split("/")[0],
        "description": "Een verzonnen organisatie voor tests.",
        "contact_infos": [
            ContactInfo(
                heading=name,
                addresses=[AddressRec("Voorbeeldstraat 1", "1080", "Sint-Jans-Molenbeek", "sint-jans-molenbeek")],
                phones=[PhoneRec("+32 2 000 00 00")],
                emails=["info@voorbeeld.invalid"],
                websites=["https://voorbeeld.invalid"],
                contacts=[ContactRec(name="Coördinator Voorbeeld", title="Coördinator")],
                line_start=110,
                line_end=115,
            )
        ],
        "funding": ["VGC"],
        "services": [service()],
        "source": SourceRef(key.split("/")[0], 90, 130),
    }
    defaults.update(kw)
    return OrganizationRec(key=key, name=name, **defaults)  # type: ignore[arg-type]


def result(*orgs: OrganizationRec) -> ImportResult:
    return ImportResult(organizations=list(orgs) or [organization()])

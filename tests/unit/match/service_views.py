"""A small factory for hand-made :class:`ServiceView` records (invented organisations and data)."""

from __future__ import annotations

from wegwijzer.match.model import ServiceView


def view(name: str = "Begeleiding op maat", org: str = "Voorbeeld vzw", *, low: float | None = None,
         high: float | None = None, description: str = "", **facets: object) -> ServiceView:
    """``facets`` by taxonomy (``nood=["spijbelen"]``); ``municipalities`` and ``fiche`` are fields."""
    municipalities = frozenset(facets.pop("municipalities", ()))  # type: ignore[arg-type]
    fiche = facets.pop("fiche", None)
    return ServiceView(
        id=f"svc-{org}-{name}".lower().replace(" ", "-"), name=name, organization_id=f"org-{org}".lower(),
        organization=org, description=description, minimum_age=low, maximum_age=high,
        facets={k: frozenset(v) for k, v in facets.items()},  # type: ignore[arg-type]
        municipalities=municipalities, fiche=fiche,  # type: ignore[arg-type]
    )

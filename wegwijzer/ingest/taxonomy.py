"""The controlled vocabulary (``data/taxonomies.yaml``) as small typed records.

The slugs are a public contract (see the shared vocabulary document); this module only
reads them, it never derives or renames any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

_RESOURCE = "taxonomies.yaml"


@dataclass(frozen=True)
class TermDef:
    code: str  # the slug, e.g. "spijbelen"
    name: str  # Dutch label, e.g. "Spijbelen en problematische afwezigheid"
    description: str = ""


@dataclass(frozen=True)
class TaxonomyDef:
    name: str  # the taxonomy slug, e.g. "nood"
    label: str  # Dutch label, e.g. "Nood"
    description: str = ""
    terms: tuple[TermDef, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> list[str]:
        return [term.code for term in self.terms]


def _read_text() -> str:
    return (resources.files("wegwijzer") / "data" / _RESOURCE).read_text(encoding="utf-8")


def _to_taxonomy(raw: dict) -> TaxonomyDef:
    terms = tuple(
        TermDef(code=str(t["code"]), name=str(t["name"]), description=str(t.get("description", "")))
        for t in raw["terms"]
    )
    return TaxonomyDef(
        name=str(raw["name"]),
        label=str(raw["label"]),
        description=str(raw.get("description", "")),
        terms=terms,
    )


@lru_cache(maxsize=1)
def _load() -> tuple[TaxonomyDef, ...]:
    data = yaml.safe_load(_read_text())
    return tuple(_to_taxonomy(raw) for raw in data["taxonomies"])


def load_taxonomies() -> list[TaxonomyDef]:
    """All taxonomies in vocabulary order (fase, onderwijsniveau, …, gemeente)."""
    return list(_load())


def taxonomy_codes() -> dict[str, list[str]]:
    """Mapping taxonomy slug -> its term slugs, in vocabulary order."""
    return {tax.name: tax.codes for tax in _load()}

"""Editorial corrections (``wegwijzer/data/overlay.yaml``) applied on top of the parsed records.

The parser is generic; where the text is genuinely ambiguous the overlay says what
to do. Every entry carries a ``reason``. Keys:

* ``organizations``: organisation natural key ("12", "10/clb-go-brussel") ->
  ``split`` ("none" to keep one organisation, or a list of sub-organisations
  ``{name, match, service, website, email}``), ``set`` (field -> value, e.g. name,
  description, alternate_name, program_name), ``fase`` (phases for all its
  services), ``remove: true``.
* ``services``: "<organisation key>::<service slug>" -> ``set`` (e.g. name,
  eligibility_description), ``fase``, ``facets`` (taxonomy -> slugs, replaces),
  ``remove: true``, ``merge_into: <service slug>`` (append the description to
  another service of the same organisation and drop this one).
* ``overview``: ``labels`` (overview label -> fiche number, when the fuzzy name
  match cannot find it) and ``ignore`` (labels without a fiche).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wegwijzer.ingest.ids import slugify
from wegwijzer.ingest.records import OrganizationRec, ServiceRec
from wegwijzer.ingest.subunits import SubunitSpec

_ORG_FIELDS = {"name", "description", "alternate_name", "program_name", "parent_key", "email", "website"}
_SERVICE_FIELDS = {"name", "description", "eligibility_description", "application_process",
                   "fees_description", "minimum_age", "maximum_age", "url", "email"}


@dataclass
class Overlay:
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    overview_labels: dict[str, str] = field(default_factory=dict)
    ignored_labels: set[str] = field(default_factory=set)

    def split_mode(self, key: str) -> str | list[SubunitSpec] | None:
        split = self.organizations.get(key, {}).get("split")
        if split is None or isinstance(split, str):
            return split
        return [SubunitSpec(**item) for item in split]


def default_path() -> Path:
    return Path(str(resources.files("wegwijzer").joinpath("data").joinpath("overlay.yaml")))


def load_overlay(path: Path | None = None) -> Overlay:
    """Read and check the overlay file (a missing file means no corrections)."""
    path = path or default_path()
    if not path.exists():
        return Overlay()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return overlay_from_dict(data)


def overlay_from_dict(data: dict[str, Any]) -> Overlay:
    for section in ("organizations", "services"):
        for key, entry in (data.get(section) or {}).items():
            if not isinstance(entry, dict) or not entry.get("reason"):
                raise ValueError(f"overlay {section}[{key!r}] needs a 'reason'")
    overview = data.get("overview") or {}
    labels = {label: str(entry["fiche"]) for label, entry in (overview.get("labels") or {}).items()}
    return Overlay(
        organizations={str(k): v for k, v in (data.get("organizations") or {}).items()},
        services={str(k): v for k, v in (data.get("services") or {}).items()},
        overview_labels=labels,
        ignored_labels=set(overview.get("ignore") or {}),
    )


def service_key(org: OrganizationRec, service: ServiceRec) -> str:
    return f"{org.key}::{slugify(service.name)}"


def _service_keys(org: OrganizationRec, service: ServiceRec) -> list[str]:
    """The service's own key, then the parent's (a correction of a fiche's offer also holds
    for an offer of the same name on its sub-organisations)."""
    keys = [service_key(org, service)]
    if org.parent_key:
        keys.append(f"{org.parent_key}::{slugify(service.name)}")
    return keys


def apply_overlay(organizations: list[OrganizationRec], overlay: Overlay) -> list[str]:
    """Apply corrections in place; returns warnings for entries that matched nothing."""
    used: set[str] = set()
    for org in list(organizations):
        entry = overlay.organizations.get(org.key)
        if entry is None:
            continue
        used.add(org.key)
        if entry.get("remove"):
            organizations.remove(org)
            continue
        _set_fields(org, entry.get("set") or {}, _ORG_FIELDS)
        if "fase" in entry:
            for service in org.services:
                service.facets["fase"] = list(entry["fase"])
    for org in organizations:
        for service in list(org.services):
            for key in _service_keys(org, service):
                entry = overlay.services.get(key)
                if entry is not None:
                    used.add(key)
                    _apply_service(org, service, entry)
                    break
    unused = [k for k in [*overlay.organizations, *overlay.services] if k not in used]
    return [f"Overlay: geen record gevonden voor {key!r}." for key in unused]


def _apply_service(org: OrganizationRec, service: ServiceRec, entry: dict[str, Any]) -> None:
    if entry.get("remove"):
        org.services.remove(service)
        return
    target_slug = entry.get("merge_into")
    if target_slug:
        target = next((s for s in org.services if slugify(s.name) == target_slug), None)
        if target is not None and target is not service:
            target.description = "\n\n".join(p for p in (target.description, service.name,
                                                          service.description) if p)
            org.services.remove(service)
            return
    _set_fields(service, entry.get("set") or {}, _SERVICE_FIELDS)
    if "fase" in entry:
        service.facets["fase"] = list(entry["fase"])
    for taxonomy, slugs in (entry.get("facets") or {}).items():
        service.facets[taxonomy] = list(slugs)


def _set_fields(record: Any, values: dict[str, Any], allowed: set[str]) -> None:
    for name, value in values.items():
        if name not in allowed:
            raise ValueError(f"overlay cannot set {name!r}")
        setattr(record, name, value)

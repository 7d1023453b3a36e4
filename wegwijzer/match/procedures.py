"""Procedures (stappenplannen) from the infobundle: loading, relevance for a profile, linked services.

The procedures live in ``data/procedures.yaml``; this module holds no facts of its own. Relevance is
data-driven: each procedure lists weighted triggers (needs, levels, free-text keywords) and hard
filters (levels, school language, stream, age), see the header of the YAML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.match.model import ProcedureRef, Profile, ServiceView
from wegwijzer.text import fold as base_fold

_RESOURCE = "procedures.yaml"
TIME_UNITS = ("dagen", "werkdagen", "weken", "maanden")
_DAYS_PER_UNIT = {"dagen": 1, "werkdagen": 1, "weken": 7, "maanden": 30}


class ProcedureDataError(ValueError):
    """``procedures.yaml`` does not validate."""


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Déclic' -> 'declic'."""
    return base_fold(text)


@dataclass(frozen=True)
class TimeLimit:
    text: str  # as the document states it, e.g. "na tien dagen"
    amount: int | None = None  # machine form where computable; 0 means "onmiddellijk"
    max_amount: int | None = None  # upper bound of a range ("3-4 weken")
    unit: str | None = None  # one of TIME_UNITS

    @property
    def days(self) -> int | None:
        """Calendar days (approximate for weeks and months); None when not computable."""
        if self.amount is None or self.unit is None:
            return None
        return self.amount * _DAYS_PER_UNIT[self.unit]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "amount": self.amount, "max_amount": self.max_amount, "unit": self.unit}


@dataclass(frozen=True)
class Threshold:
    text: str  # e.g. "uiterlijk bij 5 B-codes (…)"
    count: int | None = None
    unit: str | None = None  # e.g. "B-codes"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "unit": self.unit}


@dataclass(frozen=True)
class Step:
    actor: str
    action: str
    fiche: str
    time_limit: TimeLimit | None = None
    threshold: Threshold | None = None
    track: str | None = None  # parallel track, e.g. "gerechtelijk" / "hulpverlening"
    optional: bool = False
    services: tuple[str, ...] = ()  # regexes on folded "organization | service"

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.services)

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "action": self.action,
            "fiche": self.fiche,
            "time_limit": self.time_limit.to_json() if self.time_limit else None,
            "threshold": self.threshold.to_json() if self.threshold else None,
            "track": self.track,
            "optional": self.optional,
            "services": list(self.services),
        }


@dataclass(frozen=True)
class Source:
    fiche: str
    title: str
    lines: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        return {"fiche": self.fiche, "title": self.title, "lines": list(self.lines)}


@dataclass(frozen=True)
class Trigger:
    weight: float
    needs: frozenset[str] = frozenset()  # all must be among the profile's needs
    levels: frozenset[str] = frozenset()  # the profile's level must be one of these
    keywords: tuple[str, ...] = ()  # one must match the folded free text
    age_min: int | None = None  # the profile's age must be known and within these bounds
    age_max: int | None = None


@dataclass(frozen=True)
class AppliesTo:
    triggers: tuple[Trigger, ...]
    levels: frozenset[str] = frozenset()  # hard filters: empty = any; unknown profile value passes
    school_language: frozenset[str] = frozenset()
    streams: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    hint_age_min: int | None = None  # soft: only when the profile's level is unknown
    hint_age_max: int | None = None


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    applies_to: AppliesTo
    steps: tuple[Step, ...]
    related: tuple[str, ...] = ()

    @property
    def fiches(self) -> list[str]:
        seen: list[str] = []
        for src in self.sources:
            if src.fiche not in seen:
                seen.append(src.fiche)
        return seen

    def ref(self) -> ProcedureRef:
        return ProcedureRef(id=self.id, title=self.title)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "source": [s.to_json() for s in self.sources],
            "related": list(self.related),
            "steps": [s.to_json() for s in self.steps],
        }


# --- loading and validation -------------------------------------------------------------------


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _read_text() -> str:
    return (resources.files("wegwijzer") / "data" / _RESOURCE).read_text(encoding="utf-8")


def _check_regexes(where: str, patterns: list[str]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProcedureDataError(f"{where}: invalid regex {pattern!r}: {exc}") from None
    return tuple(patterns)


def _check_slugs(where: str, taxonomy: str, values: list[str], known: dict[str, list[str]]) -> frozenset[str]:
    unknown = [v for v in values if v not in known[taxonomy]]
    if unknown:
        raise ProcedureDataError(f"{where}: unknown {taxonomy} slug(s) {unknown}")
    return frozenset(values)


def _time_limit(where: str, raw: dict | None) -> TimeLimit | None:
    if raw is None:
        return None
    unit = raw.get("unit")
    if unit is not None and unit not in TIME_UNITS:
        raise ProcedureDataError(f"{where}: unknown time unit {unit!r}; use one of {TIME_UNITS}")
    if (raw.get("amount") is None) != (unit is None):
        raise ProcedureDataError(f"{where}: a time limit needs both amount and unit, or neither")
    return TimeLimit(text=str(raw["text"]), amount=raw.get("amount"), max_amount=raw.get("max_amount"), unit=unit)


def _step(where: str, raw: dict) -> Step:
    for key in ("actor", "action", "fiche"):
        if not str(raw.get(key) or "").strip():
            raise ProcedureDataError(f"{where}: missing {key}")
    if "time_limit" not in raw:
        raise ProcedureDataError(f"{where}: time_limit must be given (null when the document states none)")
    raw_threshold = raw.get("threshold")
    threshold = (
        Threshold(str(raw_threshold["text"]), raw_threshold.get("count"), raw_threshold.get("unit"))
        if raw_threshold
        else None
    )
    return Step(
        actor=str(raw["actor"]),
        action=" ".join(str(raw["action"]).split()),
        fiche=str(raw["fiche"]),
        time_limit=_time_limit(where, raw["time_limit"]),
        threshold=threshold,
        track=raw.get("track"),
        optional=bool(raw.get("optional", False)),
        services=_check_regexes(where, list(raw.get("services") or [])),
    )


def _applies_to(where: str, raw: dict, known: dict[str, list[str]]) -> AppliesTo:
    triggers = []
    for i, trig in enumerate(raw.get("triggers") or []):
        w = f"{where} trigger {i}"
        if not (trig.get("needs") or trig.get("levels") or trig.get("keywords")):
            raise ProcedureDataError(f"{w}: a trigger needs a need, level or keyword condition")
        trig_age = trig.get("age") or {}
        triggers.append(
            Trigger(
                weight=float(trig["weight"]),
                needs=_check_slugs(w, "nood", list(trig.get("needs") or []), known),
                levels=_check_slugs(w, "onderwijsniveau", list(trig.get("levels") or []), known),
                keywords=_check_regexes(w, list(trig.get("keywords") or [])),
                age_min=trig_age.get("min"),
                age_max=trig_age.get("max"),
            )
        )
    if not triggers:
        raise ProcedureDataError(f"{where}: no triggers")
    age = raw.get("age") or {}
    hint = raw.get("age_hint") or {}
    return AppliesTo(
        triggers=tuple(triggers),
        levels=_check_slugs(where, "onderwijsniveau", list(raw.get("levels") or []), known),
        school_language=_check_slugs(where, "onderwijstaal", list(raw.get("school_language") or []), known),
        streams=_check_slugs(where, "studierichting", list(raw.get("streams") or []), known),
        age_min=age.get("min"),
        age_max=age.get("max"),
        hint_age_min=hint.get("min"),
        hint_age_max=hint.get("max"),
    )


def parse_procedures(data: dict) -> tuple[Procedure, ...]:
    """Build and validate the procedures from the parsed YAML; raises :class:`ProcedureDataError`."""
    known = {tax.name: tax.codes for tax in load_taxonomies()}
    slug_re = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    procedures: list[Procedure] = []
    for raw in data.get("procedures") or []:
        pid = str(raw.get("id") or "")
        if not slug_re.match(pid):
            raise ProcedureDataError(f"invalid procedure id {pid!r}")
        if any(p.id == pid for p in procedures):
            raise ProcedureDataError(f"duplicate procedure id {pid!r}")
        if not raw.get("steps"):
            raise ProcedureDataError(f"{pid}: no steps")
        if not raw.get("source"):
            raise ProcedureDataError(f"{pid}: no source")
        sources = []
        for src in raw["source"]:
            first, last = (int(n) for n in src["lines"])
            if not 0 < first <= last:
                raise ProcedureDataError(f"{pid}: bad line range {src['lines']}")
            sources.append(Source(fiche=str(src["fiche"]), title=str(src["title"]), lines=(first, last)))
        procedures.append(
            Procedure(
                id=pid,
                title=str(raw["title"]),
                summary=" ".join(str(raw.get("summary") or "").split()),
                sources=tuple(sources),
                applies_to=_applies_to(pid, raw.get("applies_to") or {}, known),
                steps=tuple(_step(f"{pid} step {i + 1}", s) for i, s in enumerate(raw["steps"])),
                related=tuple(raw.get("related") or ()),
            )
        )
    ids = {p.id for p in procedures}
    for proc in procedures:
        missing = [r for r in proc.related if r not in ids or r == proc.id]
        if missing:
            raise ProcedureDataError(f"{proc.id}: unknown related procedure(s) {missing}")
    if not procedures:
        raise ProcedureDataError("no procedures")
    return tuple(procedures)


@lru_cache(maxsize=1)
def _load() -> tuple[Procedure, ...]:
    return parse_procedures(yaml.safe_load(_read_text()))


def load_procedures() -> list[Procedure]:
    """Every procedure, in the order of the data file."""
    return list(_load())


def procedure_ids() -> list[str]:
    return [p.id for p in _load()]


def get_procedure(procedure_id: str) -> Procedure | None:
    return next((p for p in _load() if p.id == procedure_id), None)


# --- relevance ----------------------------------------------------------------------------------


def _passes_filters(rule: AppliesTo, profile: Profile) -> bool:
    if rule.levels and profile.level is not None and profile.level not in rule.levels:
        return False
    if (
        rule.school_language
        and profile.school_language is not None
        and profile.school_language not in rule.school_language
    ):
        return False
    if rule.streams and profile.stream is not None and profile.stream not in rule.streams:
        return False
    if profile.age is not None:
        if rule.age_min is not None and profile.age < rule.age_min:
            return False
        if rule.age_max is not None and profile.age > rule.age_max:
            return False
        if profile.level is None:
            if rule.hint_age_min is not None and profile.age < rule.hint_age_min:
                return False
            if rule.hint_age_max is not None and profile.age > rule.hint_age_max:
                return False
    return True


def _age_within(age: int | None, low: int | None, high: int | None) -> bool:
    if age is None:
        return False
    return (low is None or age >= low) and (high is None or age <= high)


_EXTRA_TRIGGER_FACTOR = 0.25


def relevance(procedure: Procedure, profile: Profile) -> float:
    """How relevant ``procedure`` is for ``profile``; 0 when it is filtered out or nothing fires.

    The strongest trigger counts fully and every further one for a quarter, so that a procedure made
    for one need (leerplichtbegeleiding for truancy) stays ahead of a broad one (a KANS referral)
    that many needs each trigger weakly.
    """
    rule = procedure.applies_to
    if not _passes_filters(rule, profile):
        return 0.0
    needs = set(profile.needs)
    text = fold(profile.text) if profile.text else ""
    fired: list[float] = []
    for trig in rule.triggers:
        if trig.needs and not trig.needs <= needs:
            continue
        if trig.levels and profile.level not in trig.levels:
            continue
        if (trig.age_min is not None or trig.age_max is not None) and not _age_within(
            profile.age, trig.age_min, trig.age_max
        ):
            continue
        if trig.keywords and not (text and any(p.search(text) for p in _compiled(trig.keywords))):
            continue
        fired.append(trig.weight)
    if not fired:
        return 0.0
    strongest = max(fired)
    return strongest + _EXTRA_TRIGGER_FACTOR * (sum(fired) - strongest)


def relevant_procedures(profile: Profile) -> list[ProcedureRef]:
    """The procedures that matter for ``profile``, most relevant first (ties: data-file order)."""
    scored = [(relevance(p, profile), i, p) for i, p in enumerate(_load())]
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
    return [p.ref() for _, _, p in ranked]


# --- services -----------------------------------------------------------------------------------


def service_key(view: ServiceView) -> str:
    """The string the step regexes run on: folded ``"organization | service"``."""
    return fold(f"{view.organization} | {view.name}")


def linked_services(procedure: Procedure, views: list[ServiceView]) -> dict[int, list[ServiceView]]:
    """For each step index (0-based), the services its regexes name, in the order of ``views``."""
    keys = [(service_key(v), v) for v in views]
    return {
        i: [v for key, v in keys if any(p.search(key) for p in step.patterns)] for i, step in enumerate(procedure.steps)
    }

"""Hard criteria: may this young person use this service at all?

Pure: a :class:`Profile` and a :class:`ServiceView` in, a :class:`Verdict` out. A criterion is
checked only when both the profile and the record state it:

* **age** — outside ``[minimum_age, maximum_age]`` excludes ("leeftijd 15 valt buiten 6–14"); a
  record without any age bound leaves the age *unknown*.
* **level** — a service that names ``onderwijsniveau`` terms serves only those, widened by the
  levels they imply (:data:`SERVED_BY`): DBSO sits inside the 2nd and 3rd graad, OKAN pupils are
  in secondary school, buitengewoon onderwijs spans primary and secondary, and a young person
  without a school can still reach adult education, and part-time (dual) learning when it can
  be entered directly. A service
  without level terms is open to every level (the infobundle names levels only to restrict).
* **stream** — a service that names ``studierichting`` terms (e.g. BSO and TSO) does not serve
  a pupil of another stream.
* **school language** — a service that names ``onderwijstaal`` terms is only for pupils of that
  education. An offer reachable *only* through KANS or the CLB serves the Dutch-language schools
  (the KANS and CLB network is that of the Flemish Community), so it excludes ``fr`` as well.
* **region** — only a service that is explicitly local (``gemeente`` terms on the service itself,
  read from its name and target group) excludes other municipalities. The address of a location
  never restricts; it only counts as "in de buurt" in the ranking.

Who a service is *for* (``doelgroep``) is not a hard criterion: a service only for schools and
professionals is still relevant when a school or CLB asks, so the ranking penalises it for a
young person or parent instead of excluding it (see :mod:`wegwijzer.match.ranking`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wegwijzer.match.model import Profile, ServiceView

FITS, UNKNOWN, EXCLUDED = "fits", "unknown", "excluded"

SECONDARY = ("secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad")

#: profile level -> the service levels that serve it
SERVED_BY: dict[str, frozenset[str]] = {
    "kleuter": frozenset({"kleuter"}),
    "lager": frozenset({"lager"}),
    "secundair-1e-graad": frozenset({"secundair-1e-graad"}),
    "secundair-2e-graad": frozenset({"secundair-2e-graad", "dbso"}),
    "secundair-3e-graad": frozenset({"secundair-3e-graad", "dbso"}),
    "okan": frozenset({"okan", *SECONDARY}),
    "dbso": frozenset({"dbso", "secundair-2e-graad", "secundair-3e-graad"}),
    "buitengewoon": frozenset({"buitengewoon", "kleuter", "lager", *SECONDARY}),
    "volwassenenonderwijs": frozenset({"volwassenenonderwijs", "geen-school"}),
    "hoger": frozenset({"hoger"}),
    "geen-school": frozenset({"geen-school", "volwassenenonderwijs", "dbso"}),
}

LEVEL_LABEL: dict[str, str] = {
    "kleuter": "kleuteronderwijs",
    "lager": "lager onderwijs",
    "secundair-1e-graad": "secundair onderwijs",
    "secundair-2e-graad": "secundair onderwijs",
    "secundair-3e-graad": "secundair onderwijs",
    "okan": "OKAN",
    "dbso": "deeltijds onderwijs en duaal leren",
    "buitengewoon": "buitengewoon onderwijs",
    "volwassenenonderwijs": "volwassenenonderwijs",
    "hoger": "hoger onderwijs",
    "geen-school": "jongeren die niet (meer) naar school gaan",
}
_LEVEL_DETAIL = {"secundair-1e-graad": "1e graad", "secundair-2e-graad": "2e graad", "secundair-3e-graad": "3e graad"}
LANGUAGE_LABEL = {"nl": "Nederlandstalig onderwijs", "fr": "Franstalig onderwijs"}
DUTCH_NETWORK_ROUTES = frozenset({"via-kans", "via-clb"})
DIRECT_ROUTES = frozenset({"rechtstreeks", "online", "via-partner"})


@dataclass(frozen=True)
class Verdict:
    status: str  # FITS | UNKNOWN | EXCLUDED
    reasons: list[str] = field(default_factory=list)  # criteria that hold
    unknown: list[str] = field(default_factory=list)  # criteria the record does not state
    excluded: list[str] = field(default_factory=list)  # criteria that fail
    level_match: bool = False  # the service names the profile's level (made for it)


def age_range_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "geen leeftijd vermeld"
    if high is None:
        return f"vanaf {int(low)}"  # type: ignore[arg-type]
    if low is None:
        return f"tot {int(high)}"
    return f"{int(low)}–{int(high)}"


def levels_text(levels: frozenset[str] | set[str]) -> str:
    secondary = [s for s in SECONDARY if s in levels]
    parts: list[str] = []
    seen: set[str] = set()
    for slug in ("kleuter", "lager", *SECONDARY, "okan", "dbso", "buitengewoon", "volwassenenonderwijs", "hoger",
                 "geen-school"):
        if slug not in levels:
            continue
        if slug in SECONDARY:
            if "secundair" in seen:
                continue
            seen.add("secundair")
            label = "secundair onderwijs"
            if len(secondary) < 3:
                label += " (" + ", ".join(_LEVEL_DETAIL[s] for s in secondary) + ")"
            parts.append(label)
        else:
            parts.append(LEVEL_LABEL[slug])
    return ", ".join(parts)


def check_age(profile: Profile, view: ServiceView, v: _Acc) -> None:
    if profile.age is None:
        return
    low, high = view.minimum_age, view.maximum_age
    if low is None and high is None:
        v.unknown.append("leeftijd niet vermeld")
        return
    if (low is not None and profile.age < low) or (high is not None and profile.age > high):
        v.excluded.append(f"leeftijd {profile.age} valt buiten {age_range_text(low, high)}")
    else:
        v.reasons.append(f"leeftijd {profile.age} past ({age_range_text(low, high)})")


def served_levels(level: str, view: ServiceView) -> frozenset[str]:
    """The service levels that serve ``level``; part-time and dual learning serves a young person
    without a school only when it can be entered directly (not through a school, CLB or KANS)."""
    served = SERVED_BY.get(level, frozenset({level}))
    if level == "geen-school" and not view.slugs("aanmeldroute") & DIRECT_ROUTES:
        served = served - {"dbso"}
    return served


def check_level(profile: Profile, view: ServiceView, v: _Acc) -> None:
    levels = view.slugs("onderwijsniveau")
    if profile.level and levels:
        if levels & served_levels(profile.level, view):
            v.reasons.append(LEVEL_LABEL.get(profile.level, profile.level))
            v.level_match = True
        else:
            v.excluded.append(f"onderwijsniveau: enkel voor {levels_text(levels)}")
    streams = view.slugs("studierichting")
    if profile.stream and streams:
        if profile.stream in streams:
            v.reasons.append(profile.stream.upper())
        else:
            v.excluded.append("studierichting: enkel voor " + ", ".join(s.upper() for s in sorted(streams)))


def check_language(profile: Profile, view: ServiceView, v: _Acc) -> None:
    lang = profile.school_language
    if not lang:
        return
    langs = view.slugs("onderwijstaal")
    if langs:
        if lang in langs:
            v.reasons.append(LANGUAGE_LABEL.get(lang, lang))
        else:
            wanted = " of ".join(LANGUAGE_LABEL.get(x, x) for x in sorted(langs))
            v.excluded.append(f"enkel voor leerlingen uit het {wanted}")
        return
    routes = view.slugs("aanmeldroute")
    if lang != "nl" and routes and routes <= DUTCH_NETWORK_ROUTES:
        v.excluded.append("aanmelding enkel via KANS of het CLB: voor leerlingen uit het Nederlandstalig onderwijs")


def check_region(profile: Profile, view: ServiceView, v: _Acc) -> None:
    where = profile.municipality
    areas = view.slugs("gemeente")
    if not where or not areas:
        return
    if where in areas:
        v.reasons.append(f"werkt in {where}")
    else:
        v.excluded.append(f"werkt enkel in {', '.join(sorted(areas))}")


@dataclass
class _Acc:
    reasons: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    level_match: bool = False


def check(profile: Profile, view: ServiceView) -> Verdict:
    """The verdict of every hard criterion for this service."""
    acc = _Acc()
    for criterion in (check_age, check_level, check_language, check_region):
        criterion(profile, view, acc)
    status = EXCLUDED if acc.excluded else UNKNOWN if acc.unknown else FITS
    return Verdict(status, acc.reasons, acc.unknown, acc.excluded, acc.level_match)

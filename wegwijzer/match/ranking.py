"""How well an eligible service answers the case: the score and its Dutch reasons.

Pure functions. The score is a weighted sum of signals in [0, 1], then multiplied by penalties:

    base  = 0.46·need + 0.20·text + 0.12·specificity + 0.08·route + 0.07·audience + 0.07·phase
    score = base × unknown (0.85 when a criterion could not be checked)
                 × audience penalty (0.6: only for schools/professionals, asked by a young person or parent)
                 × age-band penalty (0.4: no age known, and the service's ages miss the level's usual ages)
                 × unlikely-level penalty (0.5: no level known; the service's levels do not fit a minor's age)
                 × no-entry penalty (0.5: "niet-van-toepassing", a policy body rather than an offer)

* **need** — the profile's needs against the service's ``nood`` terms: ¾ coverage of the
  profile's needs, ¼ focus (share of the service's needs that are asked for). The strongest signal.
* **text** — BM25 of the free text (or of the needs' labels) against the service texts,
  divided by the best score of the query.
* **specificity** — a service made for this case beats a generic one: need focus, a narrow age
  range that still contains the age, and naming the profile's level.
* **route** — can the asker actually get in (:data:`ROUTE_REACH`)?
* **audience** — is the service for the asker or for the young person (:data:`AUDIENCE_FIT`)?
* **phase** — a young person without a school belongs in compensatie, a pupil in preventie or
  interventie.

When a profile has no needs (and no text) the weights of the missing signals are left out, so
ranking then rests on specificity, route, audience and phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wegwijzer.match.eligibility import UNKNOWN, Verdict, age_range_text, levels_text
from wegwijzer.match.model import Profile, ServiceView

WEIGHTS = {"need": 0.46, "text": 0.20, "specificity": 0.12, "route": 0.08, "audience": 0.07, "phase": 0.07}
UNKNOWN_FACTOR = 0.85
AUDIENCE_PENALTY = 0.6
AGE_BAND_PENALTY = 0.4
NO_ENTRY_PENALTY = 0.5
UNLIKELY_LEVEL_PENALTY = 0.5
OPEN_AGE_WIDTH = 40.0  # an open-ended age range counts as this wide

YOUNG = frozenset({"jongere", "ouder"})

#: asker -> aanmeldroute -> how reachable (the best route of a service counts)
ROUTE_REACH: dict[str | None, dict[str, float]] = {
    "jongere": {"rechtstreeks": 1.0, "online": 1.0, "via-clb": 0.7, "via-kans": 0.7, "via-school": 0.6,
                "via-partner": 0.5, "via-toegangspoort": 0.5, "niet-van-toepassing": 0.0},
    "ouder": {"rechtstreeks": 1.0, "online": 1.0, "via-clb": 0.75, "via-kans": 0.7, "via-school": 0.6,
              "via-partner": 0.5, "via-toegangspoort": 0.5, "niet-van-toepassing": 0.0},
    "school": {"via-school": 1.0, "rechtstreeks": 1.0, "online": 0.9, "via-kans": 0.85, "via-clb": 0.85,
               "via-toegangspoort": 0.6, "via-partner": 0.5, "niet-van-toepassing": 0.1},
    "clb": {"via-kans": 1.0, "via-clb": 1.0, "rechtstreeks": 0.9, "online": 0.9, "via-toegangspoort": 0.8,
            "via-school": 0.7, "via-partner": 0.6, "niet-van-toepassing": 0.1},
    "hulpverlener": {"via-partner": 1.0, "rechtstreeks": 0.9, "online": 0.9, "via-toegangspoort": 0.8,
                     "via-clb": 0.6, "via-kans": 0.6, "via-school": 0.5, "niet-van-toepassing": 0.1},
    None: {"rechtstreeks": 1.0, "online": 0.9, "via-clb": 0.8, "via-kans": 0.8, "via-school": 0.7,
           "via-partner": 0.6, "via-toegangspoort": 0.6, "niet-van-toepassing": 0.1},
}
ROUTE_UNSTATED = 0.5

#: asker -> doelgroep of the service -> fit (the best doelgroep counts)
AUDIENCE_FIT: dict[str | None, dict[str, float]] = {
    "jongere": {"jongere": 1.0, "ouder": 0.7, "clb": 0.2, "school": 0.2, "hulpverlener": 0.2},
    "ouder": {"ouder": 1.0, "jongere": 0.9, "clb": 0.2, "school": 0.2, "hulpverlener": 0.2},
    "school": {"school": 1.0, "jongere": 0.9, "clb": 0.8, "hulpverlener": 0.7, "ouder": 0.4},
    "clb": {"clb": 1.0, "jongere": 0.9, "school": 0.8, "hulpverlener": 0.8, "ouder": 0.5},
    "hulpverlener": {"hulpverlener": 1.0, "jongere": 0.9, "clb": 0.7, "school": 0.6, "ouder": 0.6},
    None: {"jongere": 1.0, "ouder": 0.8, "clb": 0.6, "school": 0.6, "hulpverlener": 0.6},
}
AUDIENCE_UNSTATED = 0.6

#: aanmeldroute -> Dutch phrase for the route sentence and the short reason
ROUTE_SENTENCE = {
    "via-kans": ("Aanmelden via het CLB bij KANS Centraal Meldpunt Brussel", "aanmelden via KANS"),
    "via-clb": ("Aanmelden via het CLB", "aanmelden via het CLB"),
    "via-school": ("Aanvraag door de school", "aanvraag door de school"),
    "via-toegangspoort": ("Aanmelden via de intersectorale toegangspoort (A-document)", "via de toegangspoort"),
    "rechtstreeks": ("Zelf contact opnemen of langskomen", "zelf contact opnemen"),
    "online": ("Inschrijven via de website of een formulier", "online inschrijven"),
    "via-partner": ("Toeleiding door een partnerorganisatie (Actiris, OCMW, VDAB, …)", "via een partnerorganisatie"),
    "niet-van-toepassing": ("Geen aanmelding: beleid, subsidie of overleg", "geen aanmelding"),
}
AUDIENCE_LABEL = {"jongere": "jongeren", "ouder": "ouders", "school": "scholen", "clb": "CLB's",
                  "hulpverlener": "hulpverleners"}


@dataclass
class Scored:
    view: ServiceView
    score: float
    reasons: list[str] = field(default_factory=list)
    route: str = ""  # filled in by the matcher for the results it returns (see route_sentence)
    matched_needs: list[str] = field(default_factory=list)
    eligibility: str = "fits"  # "fits" | "unknown"


def need_signal(needs: list[str], service_needs: frozenset[str]) -> tuple[float, float, list[str]]:
    """(need score, focus, matched needs in the profile's order)."""
    if not needs or not service_needs:
        return 0.0, 0.0, []
    matched = [n for n in needs if n in service_needs]
    if not matched:
        return 0.0, 0.0, []
    coverage = len(matched) / len(needs)
    focus = len(matched) / len(service_needs)
    return 0.75 * coverage + 0.25 * focus, focus, matched


def age_narrowness(profile: Profile, view: ServiceView) -> float:
    if profile.age is None or (view.minimum_age is None and view.maximum_age is None):
        return 0.0
    if view.minimum_age is None or view.maximum_age is None:
        width = OPEN_AGE_WIDTH
    else:
        width = max(0.0, float(view.maximum_age) - float(view.minimum_age))
    return 1.0 - min(width, OPEN_AGE_WIDTH) / OPEN_AGE_WIDTH


def route_reach(asker: str | None, routes: frozenset[str]) -> float:
    table = ROUTE_REACH.get(asker, ROUTE_REACH[None])
    return max((table.get(r, ROUTE_UNSTATED) for r in routes), default=ROUTE_UNSTATED)


def audience_fit(asker: str | None, audience: frozenset[str]) -> float:
    table = AUDIENCE_FIT.get(asker, AUDIENCE_FIT[None])
    return max((table.get(a, AUDIENCE_UNSTATED) for a in audience), default=AUDIENCE_UNSTATED)


def phase_fit(profile: Profile, phases: frozenset[str]) -> float:
    if not phases:
        return 0.5
    if profile.level in ("geen-school", "volwassenenonderwijs"):
        table = {"compensatie": 1.0, "interventie": 0.6, "preventie": 0.4}
    elif profile.level:
        table = {"interventie": 1.0, "preventie": 0.85, "compensatie": 0.2}
    elif profile.age is not None and profile.age >= 18:
        table = {"compensatie": 1.0, "interventie": 0.8, "preventie": 0.6}
    elif profile.age is not None:
        table = {"interventie": 1.0, "preventie": 0.9, "compensatie": 0.4}  # a minor: most likely in school
    else:
        table = {"interventie": 1.0, "preventie": 0.9, "compensatie": 0.6}
    return max(table.get(p, 0.5) for p in phases)


#: usual ages per level, to judge a service's age range when the profile has no age
LEVEL_AGE_BAND: dict[str, tuple[int, int]] = {
    "kleuter": (3, 6), "lager": (6, 12), "secundair-1e-graad": (12, 14), "secundair-2e-graad": (14, 16),
    "secundair-3e-graad": (16, 19), "okan": (12, 18), "dbso": (15, 25), "buitengewoon": (3, 21),
    "volwassenenonderwijs": (18, 99), "hoger": (18, 99),
}
_SEC = ("secundair-1e-graad", "secundair-2e-graad", "secundair-3e-graad")


def _overlaps(band: tuple[int, int], low: float | None, high: float | None) -> bool:
    """The service's range shares more than one boundary year with the band."""
    lo = max(band[0], low if low is not None else band[0])
    hi = min(band[1], high if high is not None else band[1])
    return hi > lo or (band[0] == band[1] == lo == hi)


def _levels_for_age(profile: Profile) -> frozenset[str]:
    """No level known but a minor's age: the levels such a young person is most likely in (school is
    compulsory until 18, so not "geen-school"). Empty when there is nothing to infer."""
    if profile.level is not None or profile.age is None or profile.age >= 18:
        return frozenset()
    age = profile.age
    if age <= 5:
        return frozenset({"kleuter", "buitengewoon"})
    if age <= 11:
        return frozenset({"lager", "buitengewoon"})
    if age == 12:
        return frozenset({"lager", _SEC[0], "okan", "buitengewoon"})
    if age <= 14:
        return frozenset({_SEC[0], _SEC[1], "okan", "buitengewoon"})
    return frozenset({_SEC[1], _SEC[2], "dbso", "okan", "buitengewoon"})


def route_sentence(view: ServiceView, asker: str | None) -> str:
    """A Dutch sentence: the routes in, most reachable for this asker first, and the fiche's own words."""
    routes = sorted(view.slugs("aanmeldroute"),
                    key=lambda r: (-ROUTE_REACH.get(asker, ROUTE_REACH[None]).get(r, 0.0), r))
    parts = [ROUTE_SENTENCE[r][0] for r in routes if r in ROUTE_SENTENCE]
    sentence = parts[0] if parts else ""
    if len(parts) > 1:
        sentence += "; of: " + "; ".join(p[0].lower() + p[1:] for p in parts[1:])
    application = _first_sentence(view.application)
    if application and sentence:
        return f"{sentence}. Aanmelding: {application}"
    if application:
        return f"Aanmelding: {application}"
    return sentence + "." if sentence else "Aanmeldroute niet vermeld."


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    if not text:
        return ""
    cut = text.split(". ")[0].rstrip(".")
    return cut if len(cut) <= limit else cut[: limit - 1].rstrip() + "…"


def signal_values(profile: Profile, view: ServiceView, verdict: Verdict, need: float,
                  focus: float) -> dict[str, float]:
    """Every signal but ``text``, in :data:`WEIGHTS` order (``text`` is filled in by the caller)."""
    level_bonus = 1.0 if verdict.level_match else 0.0
    specificity = 0.5 * focus + 0.25 * age_narrowness(profile, view) + 0.25 * level_bonus
    return {
        "need": need, "text": 0.0, "specificity": specificity,
        "route": route_reach(profile.asker, view.slugs("aanmeldroute")),
        "audience": audience_fit(profile.asker, view.slugs("doelgroep")),
        "phase": phase_fit(profile, view.slugs("fase")),
    }


def active_weights(profile: Profile, has_text: bool) -> dict[str, float]:
    """The weights of the signals that count: without needs or text, those signals are left out."""
    return {k: w for k, w in WEIGHTS.items() if (k != "need" or profile.needs) and (k != "text" or has_text)}


def penalty_factor(profile: Profile, view: ServiceView, verdict: Verdict) -> float:
    """The product of the multiplicative penalties of :func:`score_service` (same order, same values)."""
    routes, audience = view.slugs("aanmeldroute"), view.slugs("doelgroep")
    factor = 1.0
    if verdict.status == UNKNOWN:
        factor *= UNKNOWN_FACTOR
    if (profile.asker in YOUNG or profile.asker is None) and audience and not audience & YOUNG:
        factor *= AUDIENCE_PENALTY if profile.asker else 0.8
    band = profile.age_band or LEVEL_AGE_BAND.get(profile.level or "")
    if profile.age is None and band and not _overlaps(band, view.minimum_age, view.maximum_age):
        factor *= AGE_BAND_PENALTY
    plausible = _levels_for_age(profile)
    levels = view.slugs("onderwijsniveau")
    if plausible and levels and not levels & plausible:
        factor *= UNLIKELY_LEVEL_PENALTY
    if routes == frozenset({"niet-van-toepassing"}):
        factor *= no_entry_factor(profile)
    return factor


PROFESSIONALS = frozenset({"school", "clb", "hulpverlener"})
CASE_NO_ENTRY_PENALTY = 0.75  # a professional asking about one young person: offers first, actors after


def no_entry_factor(profile: Profile) -> float:
    """A body one cannot register with (policy, subsidy, a legal actor) is relevant to policy questions
    and to professionals; for a concrete young person the real offers should come first."""
    if "beleid" in profile.needs:
        return 1.0
    if profile.asker in PROFESSIONALS:
        concrete = profile.age is not None or profile.level is not None
        return CASE_NO_ENTRY_PENALTY if concrete else 1.0
    return NO_ENTRY_PENALTY


def score_service(
    profile: Profile, view: ServiceView, verdict: Verdict, text_score: float, *, has_text: bool,
) -> Scored:
    """Score one eligible (fits/unknown) service, with the reasons that explain the score."""
    need, focus, matched = need_signal(profile.needs, view.slugs("nood"))
    routes, audience = view.slugs("aanmeldroute"), view.slugs("doelgroep")
    signals = signal_values(profile, view, verdict, need, focus)
    signals["text"] = text_score
    active = active_weights(profile, has_text)
    base = sum(signals[k] * w for k, w in active.items()) / sum(active.values())

    reasons = list(verdict.reasons)
    if matched:
        reasons.append("nood: " + ", ".join(matched))
    factor = 1.0
    if verdict.status == UNKNOWN:
        factor *= UNKNOWN_FACTOR
        reasons.extend(verdict.unknown)
    if (profile.asker in YOUNG or profile.asker is None) and audience and not audience & YOUNG:
        factor *= AUDIENCE_PENALTY if profile.asker else 0.8
        reasons.append("bedoeld voor " + " en ".join(AUDIENCE_LABEL.get(a, a) for a in sorted(audience)))
    band = profile.age_band or LEVEL_AGE_BAND.get(profile.level or "")
    if profile.age is None and band and not _overlaps(band, view.minimum_age, view.maximum_age):
        factor *= AGE_BAND_PENALTY
        reasons.append(f"leeftijd {age_range_text(view.minimum_age, view.maximum_age)} past wellicht niet "
                       f"bij de gewone leeftijd ({band[0]}–{band[1]})")
    plausible = _levels_for_age(profile)
    levels = view.slugs("onderwijsniveau")
    if plausible and levels and not levels & plausible:
        factor *= UNLIKELY_LEVEL_PENALTY
        reasons.append(f"bedoeld voor {levels_text(levels)}")
    if routes == frozenset({"niet-van-toepassing"}):
        factor *= no_entry_factor(profile)
    if profile.municipality and profile.municipality in view.municipalities:
        reasons.append(f"in de buurt ({profile.municipality})")
        base = min(1.0, base + 0.02)
    if profile.level in ("geen-school", "volwassenenonderwijs") and "compensatie" in view.slugs("fase"):
        reasons.append("fase: compensatie (na de school)")
    if has_text and text_score >= 0.5:
        reasons.append("beschrijving sluit aan bij de vraag")
    best_route = sorted(routes, key=lambda r: (-ROUTE_REACH.get(profile.asker, ROUTE_REACH[None]).get(r, 0.0), r))
    if best_route and best_route[0] in ROUTE_SENTENCE:
        reasons.append(ROUTE_SENTENCE[best_route[0]][1])
    score = max(0.0, min(1.0, base * factor))
    return Scored(view, score, reasons, "", matched,
                  "unknown" if verdict.status == UNKNOWN else "fits")

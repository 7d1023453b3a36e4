"""Phases (preventie / interventie / compensatie) per fiche, before the services are built.

Sources, in order: the schematic overview (best-effort columns, see :mod:`.overview`, with the
overlay's label corrections); for fiches the overview does not list, the phases of their place
in the fiche order; for partner fiches (N.1, N.2, …) also the phase named by the heading that
introduces them after fiche N.
"""

from __future__ import annotations

import re

from wegwijzer.ingest.clean import is_link_debris
from wegwijzer.ingest.overlay import Overlay
from wegwijzer.ingest.overview import PHASES, match_labels, overview_rows
from wegwijzer.ingest.segment import FicheParts, overview_range

_PHASE_WORDS = {"preventie": re.compile(r"\bprevent", re.I), "interventie": re.compile(r"\binterventie", re.I),
                "compensatie": re.compile(r"\bcompens", re.I)}


def ordered(phases: set[str]) -> list[str]:
    return [phase for phase in PHASES if phase in phases]


def overview_phases(lines: list[str], titles: dict[str, str],
                    overlay: Overlay) -> tuple[dict[str, set[str]], list[str], bool]:
    """fiche number -> phases from the schematic overview; labels matched to no fiche; and
    whether the overview's last organisation is among them."""
    found = overview_range(lines)
    if found is None:
        return {}, [], False
    start, end = found
    rows = overview_rows(lines[start:end], start + 1)
    labels = [row.label for row in rows]
    matches = match_labels(labels, titles)
    matches.update({label: fiche for label, fiche in overlay.overview_labels.items() if label in labels})
    result: dict[str, set[str]] = {}
    for row in rows:
        fiche = matches.get(row.label)
        if fiche is not None and fiche not in overlay.ignored_labels:
            result.setdefault(fiche, set()).update(row.phases)
    # in overview order, so that the last entry tells whether the overview's tail lacks fiches
    unmatched = [label for label in labels if label not in matches and label not in overlay.ignored_labels]
    kept = [label for label in labels if label not in overlay.ignored_labels]
    tail_missing = bool(kept) and kept[-1] in unmatched
    return _fill_by_order(result, list(titles)), unmatched, tail_missing


def _fill_by_order(phases: dict[str, set[str]], order: list[str]) -> dict[str, set[str]]:
    """Fiches absent from the overview take the phase of their place in the fiche order.

    The bundle orders fiches preventie -> interventie -> compensatie: a fiche between two
    known fiches gets the phases they share, else the latest phase of the one before it.
    """
    rank = {phase: index for index, phase in enumerate(PHASES)}
    filled = dict(phases)
    for position, fiche in enumerate(order):
        if fiche in phases:
            continue
        before = next((phases[f] for f in reversed(order[:position]) if f in phases), set())
        after = next((phases[f] for f in order[position + 1:] if f in phases), set())
        shared = before & after
        if shared:
            filled[fiche] = set(shared)
        elif before:
            filled[fiche] = {max(before, key=rank.__getitem__)}
        elif after:
            filled[fiche] = {min(after, key=rank.__getitem__)}
    return filled


def group_phases(lines: list[str], all_parts: list[FicheParts]) -> dict[str, set[str]]:
    """Phases named by the heading that introduces a fiche's partner fiches (N.1, N.2, …).

    The partner fiches of KANS (25.x) follow the heading "Aanbod van schoolexterne
    interventies via KANS" after fiche 25's contact block: the document itself says they are
    interventions. That phase is added to what the overview gives each partner fiche (the
    overview's column guess is unreliable for some partner rows).
    """
    numbers = {parts.span.number for parts in all_parts}
    result: dict[str, set[str]] = {}
    for parts in all_parts:
        number = parts.span.number
        if "." in number or f"{number}.1" not in numbers or parts.contact_start is None:
            continue
        for raw in lines[parts.contact_start:parts.span.line_end]:
            text = raw.strip()
            if not text or len(text) > 80 or is_link_debris(raw) or text.endswith(".") or "@" in text:
                continue
            found = {phase for phase, pattern in _PHASE_WORDS.items() if pattern.search(text)}
            if found:
                result[number] = found
    return result

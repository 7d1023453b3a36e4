"""``wegwijzer match``: which offers fit this young person, and why (contract: shared docs/vocabulary.md)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from wegwijzer.cli.common import CliError, console, console_err, open_database
from wegwijzer.match.model import MatchResult
from wegwijzer.match.profile import ProfileError, build_profile

MAX_LIMIT = 200


def _limit(raw: str | None) -> int:
    if raw is None:
        return 10
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise CliError(f"ongeldige waarde '{raw}' voor --limit; toegelaten: een geheel getal van 1 tot {MAX_LIMIT}",
                       exit_code=2)
    return value


def match_command(
    text: Annotated[str | None, typer.Option("--text", help="Beschrijving van de situatie in het Nederlands.")] = None,
    age: Annotated[str | None, typer.Option("--age", help="Leeftijd van de jongere (0–120).")] = None,
    level: Annotated[str | None, typer.Option("--level", help="Onderwijsniveau (slug).")] = None,
    stream: Annotated[str | None, typer.Option("--stream", help="Studierichting: aso, tso, bso, kso.")] = None,
    need: Annotated[list[str] | None, typer.Option("--need", help="Nood (slug); herhaalbaar.")] = None,
    asker: Annotated[str | None, typer.Option("--asker", help="Wie vraagt: jongere, ouder, school, clb, "
                                                             "hulpverlener.")] = None,
    school_language: Annotated[str | None, typer.Option("--school-language", help="Onderwijstaal: nl of fr.")] = None,
    municipality: Annotated[str | None, typer.Option("--municipality", help="Gemeente (slug).")] = None,
    limit: Annotated[str | None, typer.Option("--limit", help="Aantal resultaten (standaard 10).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Eén JSON-object op stdout.")] = False,
) -> None:
    """Find the offers that fit a young person, with reasons, route in, exclusions and procedures."""
    count = _limit(limit)
    try:
        profile = build_profile(text=text, age=age, level=level, stream=stream, needs=need or (), asker=asker,
                                school_language=school_language, municipality=municipality)
    except ProfileError as exc:
        raise CliError(exc.message_nl, exit_code=2) from None

    from wegwijzer.match.services import Matcher

    db = open_database()
    with db.session() as session:
        matcher = Matcher.from_session(session)
    if not matcher.views:
        console_err.print("De gids is leeg: voer eerst `wegwijzer import` uit.", markup=False)
    result = matcher.run(profile, limit=count)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    for line in render(result):
        console.print(line, markup=False, highlight=False)


def render(result: MatchResult) -> list[str]:
    """The readable Dutch list: profile, results, excluded services, procedures."""
    p = result.profile
    known = [f"{label}: {value}" for label, value in (
        ("leeftijd", p.age), ("niveau", p.level), ("richting", p.stream),
        ("nood", ", ".join(p.needs) if p.needs else None), ("vraagsteller", p.asker),
        ("onderwijstaal", p.school_language), ("gemeente", p.municipality)) if value not in (None, "")]
    lines = ["Profiel: " + ("; ".join(known) if known else "(niets opgegeven)")]
    if p.from_text:
        read = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in p.from_text.items())
        lines.append(f"Gelezen uit de tekst: {read}")
    lines.append("")
    if not result.results:
        lines.append("Geen passend aanbod gevonden.")
    for r in result.results:
        status = "past" if r.eligibility == "fits" else "onbekend (niet alles vermeld)"
        lines.append(f"{r.rank:>2}. {r.organization} — {r.service}  [{status}, score {r.score:.2f}]")
        if r.reasons:
            lines.append("    waarom: " + "; ".join(r.reasons))
        lines.append("    aanmelden: " + r.route)
    if result.excluded:
        lines += ["", "Niet van toepassing:"]
        lines += [f" - {e.organization} — {e.service}: {'; '.join(e.reasons)}" for e in result.excluded]
    if result.procedures:
        lines += ["", "Stappenplannen:"]
        lines += [f" - {proc.title} ({proc.id})" for proc in result.procedures]
    return lines

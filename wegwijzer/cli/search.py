"""``wegwijzer search``: full-text search with facet filters, in the terminal or as JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.search.schemas import SLUG_FACETS, SearchFilters, SearchResponse
from wegwijzer.search.services import search

MAX_AGE = 120
FACET_LABELS = {
    "fase": "Fase", "onderwijsniveau": "Onderwijsniveau", "nood": "Nood", "doelgroep": "Doelgroep",
    "aanmeldroute": "Aanmeldroute", "gemeente": "Gemeente", "age": "Leeftijd", "free": "Gratis",
}
FREE_LABELS = {"true": "gratis", "false": "betalend", "unknown": "niet vermeld"}
OPTIONS = {"fase": "--fase", "onderwijsniveau": "--level", "nood": "--need", "doelgroep": "--asker",
           "aanmeldroute": "--route", "gemeente": "--municipality"}

SlugList = list[str] | None


def _check(facet: str, values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return ()
    allowed = next(t.codes for t in load_taxonomies() if t.name == facet)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise CliError(
            f"ongeldige waarde voor {OPTIONS[facet]}: {', '.join(wrong)}. Toegelaten: {', '.join(allowed)}.",
            exit_code=2,
        )
    return tuple(dict.fromkeys(values))


def search_command(
    query: Annotated[str, typer.Argument(help="Zoekwoorden in het Nederlands (leeg: alle diensten).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Schrijf het resultaat als JSON.")] = False,
    fase: Annotated[SlugList, typer.Option("--fase", help="Fase (herhaalbaar).")] = None,
    level: Annotated[SlugList, typer.Option("--level", help="Onderwijsniveau (herhaalbaar).")] = None,
    need: Annotated[SlugList, typer.Option("--need", help="Nood (herhaalbaar).")] = None,
    asker: Annotated[SlugList, typer.Option("--asker", help="Doelgroep (herhaalbaar).")] = None,
    route: Annotated[SlugList, typer.Option("--route", help="Aanmeldroute (herhaalbaar).")] = None,
    municipality: Annotated[SlugList, typer.Option("--municipality", help="Gemeente (herhaalbaar).")] = None,
    age: Annotated[int | None, typer.Option("--age", help="Leeftijd die binnen het bereik van de dienst valt.")] = None,
    free: Annotated[bool, typer.Option("--free", help="Enkel gratis diensten.")] = False,
    page: Annotated[int, typer.Option("--page", help="Pagina (vanaf 1).")] = 1,
    per_page: Annotated[int, typer.Option("--per-page", help="Resultaten per pagina (1-100).")] = 20,
) -> None:
    """Zoek diensten op trefwoorden, met filters op fase, niveau, nood, doelgroep, route, gemeente, leeftijd."""
    if age is not None and not 0 <= age <= MAX_AGE:
        raise CliError(f"ongeldige leeftijd {age}: geef een leeftijd tussen 0 en {MAX_AGE}.", exit_code=2)
    if page < 1:
        raise CliError("ongeldige pagina: geef 1 of meer.", exit_code=2)
    if not 1 <= per_page <= 100:
        raise CliError("ongeldig aantal per pagina: geef een getal van 1 tot 100.", exit_code=2)
    filters = SearchFilters(
        fase=_check("fase", fase), onderwijsniveau=_check("onderwijsniveau", level), nood=_check("nood", need),
        doelgroep=_check("doelgroep", asker), aanmeldroute=_check("aanmeldroute", route),
        gemeente=_check("gemeente", municipality), age=age, free=True if free else None,
    )
    db = open_database()
    with db.session() as session:
        response = search(session, query, filters, page=page, per_page=per_page)
    if as_json:
        typer.echo(json.dumps(response.to_json(), ensure_ascii=False, indent=2))
    else:
        print_response(response)


def _ages(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f"vanaf {low:g} jaar"
    if low is None:
        return f"tot {high:g} jaar"
    return f"{low:g}–{high:g} jaar"


def print_response(response: SearchResponse) -> None:
    out = console
    if response.suggestion:
        out.print(f"Bedoelde u: {response.suggestion}?", markup=False)
    if not response.total:
        out.print("Geen diensten gevonden. Probeer andere woorden of minder filters.")
        return
    first = (response.page - 1) * response.per_page + 1
    last = first + len(response.results) - 1
    out.print(f"{response.total} diensten gevonden (resultaten {first}–{last}, pagina {response.page} "
              f"van {response.pages}).", markup=False)
    for number, hit in enumerate(response.results, start=first):
        extras = [x for x in (_ages(hit.min_age, hit.max_age), "gratis" if hit.free else "") if x]
        tail = f"  ({', '.join(extras)})" if extras else ""
        out.print(f"\n{number}. {hit.organization} — {hit.service}{tail}", markup=False, style="bold")
        if hit.snippet:
            out.print("   " + " ".join(hit.snippet.split()), markup=False)
    out.print("\nFacetten:", style="bold")
    for facet in (*SLUG_FACETS, "age", "free"):
        values = {k: v for k, v in response.facets.get(facet, {}).items() if v}
        if not values:
            continue
        shown = sorted(values.items(), key=lambda kv: -kv[1]) if facet in SLUG_FACETS else values.items()
        labels = FREE_LABELS if facet == "free" else {}
        text = ", ".join(f"{labels.get(k, k)} ({v})" for k, v in shown)
        out.print(f"  {FACET_LABELS[facet]}: {text}", markup=False)

"""``wegwijzer organizations``, ``services`` and ``show``: read the directory in the terminal."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from wegwijzer.cli.common import CliError, console, open_database
from wegwijzer.directory.hsds import Snapshot, organization_object, service_object
from wegwijzer.directory.services import find, list_organizations


def organizations_command() -> None:
    """List the organisations in the bundle's order."""
    db = open_database()
    with db.session() as session:
        orgs = list_organizations(session)
    if not orgs:
        console.print("De gids is leeg: voer eerst `wegwijzer import` uit.")
        return
    table = Table(show_edge=False)
    for col in ("fiche", "organisatie", "onderdeel van", "diensten", "id"):
        table.add_column(col)
    for org in orgs:
        table.add_row(org.fiche or "", org.name, org.parent or "", str(org.services), org.id)
    console.print(table)
    console.print(f"{len(orgs)} organisaties, {sum(o.services for o in orgs)} diensten.")


def services_command() -> None:
    """List every service with its organisation, age range and phase."""
    db = open_database()
    with db.session() as session:
        snap = Snapshot.load(session)
    table = Table(show_edge=False)
    for col in ("fiche", "organisatie", "dienst", "leeftijd", "fase"):
        table.add_column(col)
    for svc in snap.services():
        org = snap.by_id["organization"][svc["organization_id"]]
        fases = [a["value"] for a in snap.kids("attribute", "link_id", svc["id"]) if a["link_type"] == "fase"]
        table.add_row(svc.get("source_fiche") or "", org["name"], svc["name"],
                      _ages(svc.get("minimum_age"), svc.get("maximum_age")), ", ".join(fases))
    console.print(table)


def _ages(low: Any, high: Any) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return f"vanaf {int(low)}"
    if low is None:
        return f"tot {int(high)}"
    return f"{int(low)}–{int(high)}"


def show_command(
    query: Annotated[str, typer.Argument(help="Name (or part of it) or id of an organisation or service.")],
) -> None:
    """Show one organisation or service with every field."""
    db = open_database()
    with db.session() as session:
        hits = find(session, query)
        if not hits:
            raise CliError(f"no organisation or service matches {query!r}; see `wegwijzer organizations`.")
        if len(hits) > 1:
            lines = "\n".join(
                f"  {h.id}  {h.kind}: {h.name}" + (f" ({h.organization})" if h.organization else "")
                for h in hits[:25]
            )
            raise CliError(f"{len(hits)} records match {query!r}; be more precise or give an id:\n{lines}")
        hit = hits[0]
        snap = Snapshot.load(session)
    if hit.kind == "organization":
        _print_organization(snap, hit.id)
    else:
        _print_service(snap, hit.id)


def _contact_lines(obj: dict[str, Any]) -> list[str]:
    lines = []
    for loc in obj.get("locations", []):
        for addr in loc.get("addresses", []):
            lines.append(f"{loc.get('name') or 'Adres'}: {addr['address_1']}, {addr['postal_code']} {addr['city']}")
        lines += [f"Tel. {p['number']}" + (f" ({p['description']})" if p.get("description") else "")
                  for p in loc.get("phones", [])]
        lines += [f"Open: {s['description']}" for s in loc.get("schedules", []) if s.get("description")]
    lines += [f"Tel. {p['number']}" + (f" ({p['description']})" if p.get("description") else "")
              for p in obj.get("phones", [])]
    if obj.get("email"):
        lines.append(f"E-mail: {obj['email']}")
    if obj.get("website"):
        lines.append(f"Website: {obj['website']}")
    for c in obj.get("contacts", []):
        parts = [c.get("name"), c.get("title"), c.get("email")] + [p["number"] for p in c.get("phones", [])]
        lines.append("Contact: " + ", ".join(p for p in parts if p))
    return lines


def _print_organization(snap: Snapshot, oid: str) -> None:
    org = organization_object(snap, oid, with_services=True)
    row = snap.by_id["organization"][oid]
    console.print(f"[bold]{org['name']}[/]  (organisatie, fiche {row.get('source_fiche')}, "
                  f"regels {row.get('source_line_start')}–{row.get('source_line_end')})")
    console.print(f"id: {oid}")
    parent = org.get("parent_organization_id")
    if parent:
        console.print(f"Onderdeel van: {snap.by_id['organization'][parent]['name']}")
    if org.get("description"):
        console.print(org["description"])
    for line in _contact_lines(org):
        console.print(f"  {line}")
    if org["funding"]:
        console.print("Financiering: " + "; ".join(f["source"] for f in org["funding"] if f.get("source")))
    console.print(f"[bold]Diensten ({len(org['services'])})[/]")
    for svc in org["services"]:
        console.print(f"  • {svc['name']}  {_ages(svc.get('minimum_age'), svc.get('maximum_age'))}  [{svc['id']}]")


def _print_service(snap: Snapshot, sid: str) -> None:
    svc = service_object(snap, sid)
    row = snap.by_id["service"][sid]
    console.print(f"[bold]{svc['name']}[/] — {svc['organization']['name']}  (dienst, fiche {row.get('source_fiche')}, "
                  f"regels {row.get('source_line_start')}–{row.get('source_line_end')})")
    console.print(f"id: {sid}")
    for label, key in (("Beschrijving", "description"), ("Doelgroep", "eligibility_description"),
                       ("Aanmelding", "application_process"), ("Kostprijs", "fees_description")):
        if svc.get(key):
            console.print(f"[bold]{label}:[/] {svc[key]}")
    ages = _ages(svc.get("minimum_age"), svc.get("maximum_age"))
    if ages:
        console.print(f"[bold]Leeftijd:[/] {ages} jaar")
    if svc["funding"]:
        console.print("[bold]Financiering:[/] " + "; ".join(f["source"] for f in svc["funding"]))
    facets: dict[str, list[str]] = {}
    for attr in svc["attributes"]:
        facets.setdefault(attr["link_type"], []).append(attr["taxonomy_term"]["name"])
    for taxonomy, names in facets.items():
        console.print(f"[bold]{taxonomy}:[/] {', '.join(names)}")
    for sched in svc["schedules"]:
        console.print(f"[bold]Open:[/] {sched.get('description', '')}")
    lines = []
    for sal in svc["service_at_locations"]:
        lines += _contact_lines({"locations": [sal["location"]]})
    lines += _contact_lines(svc) + _contact_lines({**svc["organization"], "locations": []})
    for line in dict.fromkeys(lines):
        console.print(f"  {line}")
    if svc.get("last_modified"):
        console.print(f"Laatst gewijzigd: {svc['last_modified']}")

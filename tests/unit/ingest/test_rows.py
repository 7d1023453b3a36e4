from tests import factories as f
from wegwijzer.ingest.rows import build_rows, organization_id
from wegwijzer.ingest.taxonomy import load_taxonomies


def test_ids_are_stable_across_builds() -> None:
    first = build_rows(f.result(), load_taxonomies())
    second = build_rows(f.result(), load_taxonomies())
    assert {t: set(rows) for t, rows in first.items()} == {t: set(rows) for t, rows in second.items()}


def test_organization_id_depends_on_fiche_and_name() -> None:
    assert organization_id(f.organization("7", "A")) != organization_id(f.organization("8", "A"))
    assert organization_id(f.organization("7", "A")) != organization_id(f.organization("7", "B"))
    assert organization_id(f.organization("7", "A")) == organization_id(f.organization("7", "A"))


def test_facets_become_attributes_with_the_slug_as_value() -> None:
    rows = build_rows(f.result(), load_taxonomies())
    values = {(a["link_type"], a["value"]) for a in rows["attribute"].values()}
    assert values == {("fase", "interventie"), ("nood", "spijbelen"), ("aanmeldroute", "via-clb")}
    terms = rows["taxonomy_term"]
    assert all(terms[a["taxonomy_term_id"]]["code"] == a["value"] for a in rows["attribute"].values())


def test_unknown_slug_is_refused() -> None:
    bad = f.organization(services=[f.service(facets={"nood": ["niet-bestaand"]})])
    try:
        build_rows(f.result(bad), load_taxonomies())
    except ValueError as exc:
        assert "niet-bestaand" in str(exc)
    else:
        raise AssertionError("an unknown slug must be refused")


def test_address_makes_a_location_linked_to_each_service() -> None:
    org = f.organization(services=[f.service("A"), f.service("B")])
    rows = build_rows(f.result(org), load_taxonomies())
    assert len(rows["location"]) == 1
    assert len(rows["service_at_location"]) == 2
    (address,) = rows["address"].values()
    assert (address["postal_code"], address["region"]) == ("1080", "sint-jans-molenbeek")


def test_services_with_the_same_name_get_distinct_ids() -> None:
    org = f.organization(services=[f.service("Vorming"), f.service("Vorming")])
    rows = build_rows(f.result(org), load_taxonomies())
    assert len(rows["service"]) == 2


def test_sub_organisation_points_to_parent_and_program() -> None:
    parent = f.organization("10", "Centra voor leerlingenbegeleiding")
    child = f.organization("10/vrij-clb", "Vrij CLB", parent_key="10", program_name="CLB's in Brussel")
    rows = build_rows(f.result(parent, child), load_taxonomies())
    orgs = {o["name"]: o for o in rows["organization"].values()}
    assert orgs["Vrij CLB"]["parent_organization_id"] == orgs["Centra voor leerlingenbegeleiding"]["id"]
    (program,) = rows["program"].values()
    assert program["organization_id"] == orgs["Centra voor leerlingenbegeleiding"]["id"]
    child_services = [s for s in rows["service"].values() if s["organization_id"] == orgs["Vrij CLB"]["id"]]
    assert all(s["program_id"] == program["id"] for s in child_services)

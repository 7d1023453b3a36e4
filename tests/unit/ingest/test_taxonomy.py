"""The vocabulary data file holds exactly the contract's slugs (hard-coded here on purpose)."""

from __future__ import annotations

from wegwijzer.ingest.taxonomy import load_taxonomies, taxonomy_codes

EXPECTED = {
    "fase": ["preventie", "interventie", "compensatie"],
    "onderwijsniveau": [
        "kleuter",
        "lager",
        "secundair-1e-graad",
        "secundair-2e-graad",
        "secundair-3e-graad",
        "okan",
        "dbso",
        "buitengewoon",
        "volwassenenonderwijs",
        "hoger",
        "geen-school",
    ],
    "studierichting": ["aso", "tso", "bso", "kso"],
    "nood": [
        "spijbelen",
        "motivatie",
        "gedrag",
        "welzijn",
        "pesten-conflict",
        "klasgroep",
        "uitsluiting",
        "inschrijving",
        "rechten-klacht",
        "taal",
        "leerproblemen",
        "orientering",
        "opvoeding",
        "time-out",
        "diploma",
        "werk",
        "schoolondersteuning",
        "beleid",
    ],
    "doelgroep": ["jongere", "ouder", "school", "clb", "hulpverlener"],
    "aanmeldroute": [
        "via-kans",
        "via-clb",
        "via-school",
        "via-toegangspoort",
        "rechtstreeks",
        "online",
        "via-partner",
        "niet-van-toepassing",
    ],
    "onderwijstaal": ["nl", "fr"],
    "gemeente": [
        "anderlecht",
        "brussel-stad",
        "elsene",
        "etterbeek",
        "evere",
        "ganshoren",
        "jette",
        "koekelberg",
        "oudergem",
        "schaarbeek",
        "sint-agatha-berchem",
        "sint-gillis",
        "sint-jans-molenbeek",
        "sint-joost-ten-node",
        "sint-lambrechts-woluwe",
        "sint-pieters-woluwe",
        "ukkel",
        "vorst",
        "watermaal-bosvoorde",
        "buiten-brussel",
    ],
}


def test_taxonomies_yaml_has_exactly_the_vocabulary_slugs() -> None:
    assert taxonomy_codes() == EXPECTED


def test_every_taxonomy_and_term_has_a_dutch_label() -> None:
    for taxonomy in load_taxonomies():
        assert taxonomy.label and taxonomy.description
        for term in taxonomy.terms:
            assert term.name and term.description, term.code


def test_term_codes_are_unique_per_taxonomy() -> None:
    for taxonomy in load_taxonomies():
        assert len(taxonomy.codes) == len(set(taxonomy.codes)), taxonomy.name

"""Free-text understanding of Dutch case descriptions (pure)."""

from __future__ import annotations

import pytest

from wegwijzer.match.extract import read_age_band, read_text


@pytest.mark.parametrize(("text", "age"), [
    ("Hij is 15 jaar en spijbelt.", 15),
    ("een jongen van 15 die niet meer naar school komt", 15),
    ("Een 15-jarige leerling", 15),
    ("Mijn dochter is vijftien jaar", 15),
    ("Een meisje van 13 in het eerste middelbaar", 13),
    ("Ik ben 20 en wil mijn diploma halen", 20),
    ("Zoon van zeventien", 17),
    ("Een meisje van dertien", 13),
    ("Hij heeft al 12 B-codes", None),
    ("Hij spijbelt al 2 jaar", None),
    ("Ik ben 45, mijn zoon van 14 spijbelt", 14),
    ("Ik ben 200 jaar oud", None),
])
def test_read_text_finds_the_age(text: str, age: int | None) -> None:
    assert read_text(text).get("age") == age


@pytest.mark.parametrize(("text", "level"), [
    ("zit in de 2e graad BSO", "secundair-2e-graad"),
    ("Meisje in het eerste middelbaar", "secundair-1e-graad"),
    ("1ste jaar secundair", "secundair-1e-graad"),
    ("Hij zit in het vijfde jaar TSO", "secundair-3e-graad"),
    ("leerling uit het 5e leerjaar", "lager"),
    ("Jongen van 8 in het lager onderwijs", "lager"),
    ("een kleuter uit de derde kleuterklas", "kleuter"),
    ("een OKAN-leerling van 14", "okan"),
    ("Hij volgt DBSO", "dbso"),
    ("ze zit in het deeltijds onderwijs", "dbso"),
    ("hij zit in het duaal leren", "dbso"),
    ("een leerling uit het buitengewoon onderwijs", "buitengewoon"),
    ("een jongere uit het BuSO", "buitengewoon"),
    ("Hij is gestopt met school", "geen-school"),
    ("Ze gaat naar geen school meer", "geen-school"),
    ("een ongekwalificeerde schoolverlater van 19", "geen-school"),
    ("Ik ben 24, ben gestopt in het vijfde jaar TSO", "geen-school"),
    ("Onze zoon is net van het BuSO af", "geen-school"),
    ("Ik ben 20 en wil mijn diploma secundair onderwijs alsnog halen", "geen-school"),
    ("Ze studeert aan de hogeschool", "hoger"),
    ("Hij wil naar het duaal leren", None),
    ("aanmelden voor het eerste middelbaar", None),
])
def test_read_text_finds_the_level(text: str, level: str | None) -> None:
    assert read_text(text).get("level") == level


@pytest.mark.parametrize(("text", "stream"), [
    ("3e jaar BSO", "bso"), ("in het beroepsonderwijs", "bso"), ("5 TSO", "tso"), ("zit in het ASO", "aso"),
    ("kunstsecundair onderwijs (KSO)", "kso"), ("lager onderwijs", None),
])
def test_read_text_finds_the_stream(text: str, stream: str | None) -> None:
    assert read_text(text).get("stream") == stream


@pytest.mark.parametrize(("text", "need"), [
    ("Hij heeft al 12 B-codes", "spijbelen"),
    ("Ze blijft vaak weg van school", "spijbelen"),
    ("Hij spijbelt", "spijbelen"),
    ("Ze is somber en angstig", "welzijn"),
    ("Hij is weggestuurd van school", "uitsluiting"),
    ("Ze wordt gepest", "pesten-conflict"),
    ("Anderstalige nieuwkomer met zwak Nederlands", "taal"),
    ("heeft nood aan rust buiten de klas", "time-out"),
    ("zware gedragsproblemen", "gedrag"),
    ("wil zijn diploma alsnog halen", "diploma"),
    ("zoekt een studentenjob", "werk"),
])
def test_read_text_finds_needs(text: str, need: str) -> None:
    assert need in read_text(text).get("needs", [])


def test_read_text_truancy_is_not_a_time_out() -> None:
    assert "time-out" not in read_text("Ze blijft vaak weg van school").get("needs", [])


def test_read_text_having_a_diploma_is_not_a_need_for_one() -> None:
    assert "diploma" not in read_text("Ik ben 19 en heb net mijn diploma secundair").get("needs", [])


@pytest.mark.parametrize(("text", "asker"), [
    ("Ik ben leerkracht in het derde leerjaar", "school"),
    ("Als CLB-medewerker zoek ik hulp", "clb"),
    ("Mijn zoon spijbelt", "ouder"),
    ("Ik ben 17 en gestopt met school", "jongere"),
    ("De school maakt zich zorgen over een leerling", "school"),
    ("Ik ben jeugdwerker en begeleid een jongen", "hulpverlener"),
    ("Ik ben moeder; de school maakt zich zorgen over mijn zoon", "ouder"),
    ("Een meisje van 13 spijbelt", None),
])
def test_read_text_finds_the_asker(text: str, asker: str | None) -> None:
    assert read_text(text).get("asker") == asker


@pytest.mark.parametrize(("text", "language"), [
    ("Ze zit in een Franstalige school", "fr"),
    ("Il va à l'école", "fr"),
    ("Nederlandstalig onderwijs", "nl"),
    ("Hij zit in het derde middelbaar", None),
])
def test_read_text_finds_the_school_language(text: str, language: str | None) -> None:
    assert read_text(text).get("school_language") == language


@pytest.mark.parametrize(("text", "municipality"), [
    ("Een jongere uit Molenbeek", "sint-jans-molenbeek"),
    ("Ze woont in Schaerbeek", "schaarbeek"),
    ("school in Sint-Joost-ten-Node", "sint-joost-ten-node"),
    ("postcode 1080", "sint-jans-molenbeek"),
    ("Ze woont in Vorst", "vorst"),
    ("Er was vorst vannacht", None),
    ("Hij woont in Brussel", None),
    ("Het kost 1000 euro", None),
])
def test_read_text_finds_the_municipality(text: str, municipality: str | None) -> None:
    assert read_text(text).get("municipality") == municipality


@pytest.mark.parametrize("text", [
    "", "   ", "😀" * 3000, "x" * 10_000, "'; DROP TABLE service; --", 'spijbel* OR "NEAR(a b)" AND ^^^ (((',
    "\x00\x01\x02", "van " * 5000, "15-jarige " * 1000,
])
def test_read_text_never_raises_on_hostile_input(text: str) -> None:
    assert isinstance(read_text(text), dict)


def test_read_text_on_a_whole_case() -> None:
    found = read_text("Mijn zoon van 15 zit in het 3e jaar BSO in Molenbeek en spijbelt al weken.")
    assert found == {"age": 15, "stream": "bso", "level": "secundair-2e-graad", "needs": ["spijbelen"],
                     "asker": "ouder", "municipality": "sint-jans-molenbeek"}


@pytest.mark.parametrize(("text", "band"), [
    ("Ik ben leerkracht van het zesde leerjaar", (11, 12)),
    ("een leerling uit het 3e middelbaar", (14, 15)),
    ("ons team in een secundaire school", (12, 19)),
    ("geen schoolfase genoemd", None),
])
def test_read_age_band_from_the_school_year(text: str, band: tuple[int, int] | None) -> None:
    assert read_age_band(text) == band

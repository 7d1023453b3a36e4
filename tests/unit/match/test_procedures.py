"""Procedures (stappenplannen): the data validates, is faithful to the infobundle, and is found for profiles."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

import pytest
import yaml

from wegwijzer.cli.common import CliError
from wegwijzer.db import Database
from wegwijzer.match.model import Profile, ServiceView
from wegwijzer.match.procedures import (
    Procedure,
    ProcedureDataError,
    Step,
    _read_text,
    fold,
    get_procedure,
    linked_services,
    load_procedures,
    parse_procedures,
    relevant_procedures,
    service_key,
)
from wegwijzer.match.views import load_service_views

EXPECTED_IDS = {
    "leerplichtbegeleiding",
    "uitsluiting-lager",
    "uitsluiting-secundair",
    "absoluut-schoolverzuim",
    "manifeste-onwil",
    "onbereikbaarheid",
    "aanmelding-kans",
    "naft-traject",
    "rebound",
}


def _document_lines() -> list[str]:
    from importlib import resources

    text = (resources.files("wegwijzer") / "data" / "infobundel-schooluitval-brussel.txt").read_text(encoding="utf-8")
    return text.split("\n")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).strip()


def _source_text(proc: Procedure) -> str:
    lines = _document_lines()
    return _squash(" ".join(" ".join(lines[s.lines[0] - 1 : s.lines[1]]) for s in proc.sources))


def _proc(pid: str) -> Procedure:
    proc = get_procedure(pid)
    assert proc is not None, pid
    return proc


def _raw() -> dict:
    return yaml.safe_load(_read_text())


# --- the data loads and validates ---------------------------------------------------------------


def test_all_procedures_load_with_steps_and_sources() -> None:
    procedures = load_procedures()
    assert {p.id for p in procedures} == EXPECTED_IDS
    assert len({p.id for p in procedures}) == len(procedures)
    for proc in procedures:
        assert proc.title and proc.summary and proc.steps and proc.sources
        for step in proc.steps:
            assert step.actor and step.action


def test_leerplicht_title_is_the_one_in_the_contract() -> None:
    assert _proc("leerplichtbegeleiding").title == "Problematische afwezigheden en leerplichtbegeleiding"


def test_get_procedure_unknown_is_none() -> None:
    assert get_procedure("bestaat-niet") is None


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["procedures"].append(copy.deepcopy(d["procedures"][0])), "duplicate"),
        (lambda d: d["procedures"][0].update(steps=[]), "no steps"),
        (lambda d: d["procedures"][0]["applies_to"]["triggers"][0].update(needs=["spijbelenn"]), "unknown nood"),
        (lambda d: d["procedures"][0]["applies_to"].update(levels=["universiteit"]), "unknown onderwijsniveau"),
        (lambda d: d["procedures"][0]["steps"][1].update(services=["(unclosed"]), "invalid regex"),
        (
            lambda d: d["procedures"][0]["steps"][0].update(time_limit={"text": "x", "amount": 3, "unit": "jaren"}),
            "unknown time unit",
        ),
        (lambda d: d["procedures"][0]["steps"][0].pop("time_limit"), "time_limit must be given"),
        (lambda d: d["procedures"][0].update(related=["nergens"]), "unknown related"),
        (lambda d: d["procedures"][0].update(id="Geen Slug"), "invalid procedure id"),
    ],
)
def test_validation_rejects_bad_data(mutate, message: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(ProcedureDataError, match=message):
        parse_procedures(data)


# --- faithful to the document ---------------------------------------------------------------------


def test_source_ranges_lie_in_the_document_and_steps_cite_their_fiches() -> None:
    n_lines = len(_document_lines())
    for proc in load_procedures():
        fiches = set(proc.fiches)
        for src in proc.sources:
            assert 1 <= src.lines[0] <= src.lines[1] <= n_lines
        for step in proc.steps:
            assert set(step.fiche.split(", ")) <= fiches, (proc.id, step.fiche)


def test_time_limits_and_thresholds_are_quoted_from_the_sources() -> None:
    """No invented deadlines: every stated time limit or threshold occurs in the cited passages."""
    for proc in load_procedures():
        source = _source_text(proc)
        for step in proc.steps:
            for quoted in (step.time_limit, step.threshold):
                if quoted is not None:
                    assert _squash(quoted.text) in source, (proc.id, quoted.text)


def test_leerplicht_five_b_codes_to_the_clb_and_thirty_problematic() -> None:
    proc = _proc("leerplichtbegeleiding")
    thresholds: dict[int | None, Step] = {}
    for step in proc.steps:
        if step.threshold:
            thresholds.setdefault(step.threshold.count, step)
    assert 5 in thresholds and 30 in thresholds
    five = thresholds[5]
    assert five.threshold.unit == "B-codes" and "CLB" in five.action
    assert "problematische afwezigheid" in thresholds[30].action
    assert "CLB" in {s.actor for s in proc.steps}
    assert "AGODI" in {s.actor for s in proc.steps}
    assert proc.applies_to.age_max == 17  # the CLB's duty concerns every minor pupil


def test_exclusion_secondary_involves_the_lop_after_15_days() -> None:
    proc = _proc("uitsluiting-secundair")
    lop = [s for s in proc.steps if "LOP" in s.actor]
    assert lop and "bemiddelingscel" in lop[-1].actor
    assert lop[-1].time_limit is not None and (lop[-1].time_limit.amount, lop[-1].time_limit.unit) == (15, "dagen")
    assert any("coördinerend directeur" in s.action for s in proc.steps)


def test_exclusion_primary_is_reported_immediately_and_the_lop_calls_after_ten_days() -> None:
    proc = _proc("uitsluiting-lager")
    limits = [s.time_limit for s in proc.steps if s.time_limit]
    assert any(t.text == "onmiddellijk" and t.days == 0 for t in limits)
    assert any(t.text == "na tien dagen" and t.days == 10 for t in limits)
    assert any("bemiddelingscel" in s.actor for s in proc.steps)


def _actors(proc: Procedure, track: str) -> list[str]:
    return [s.actor for s in proc.steps if s.track == track]


def test_manifeste_onwil_runs_school_politie_parket_and_clb_ocj_jeugdrechtbank() -> None:
    proc = _proc("manifeste-onwil")
    assert _actors(proc, "gerechtelijk")[:3] == ["school", "politie", "parket"]
    assert _actors(proc, "hulpverlening") == ["CLB", "OCJ", "jeugdrechtbank"]
    assert proc.steps[0].actor == "CLB"  # only after consultation and help by the CLB


def test_onbereikbaarheid_starts_with_the_school_and_the_police_zone() -> None:
    proc = _proc("onbereikbaarheid")
    assert proc.steps[0].actor == "school" and "fiche onbereikbaarheid" in proc.steps[0].action
    assert proc.steps[1].actor == "politie"


def test_absolute_truancy_starts_with_agodi_and_a_letter() -> None:
    proc = _proc("absoluut-schoolverzuim")
    assert proc.steps[0].actor == "AGODI"
    letter = proc.steps[1]
    assert letter.time_limit is not None
    assert (letter.time_limit.amount, letter.time_limit.max_amount, letter.time_limit.unit) == (3, 4, "weken")
    assert proc.steps[-1].actor == "parket"


def test_kans_registration_by_the_clb_and_a_round_table() -> None:
    proc = _proc("aanmelding-kans")
    assert proc.steps[0].actor == "CLB"
    assert any("rondetafel" in s.action for s in proc.steps if s.actor == "KANS")


def test_naft_is_evaluated_after_at_least_six_weeks() -> None:
    proc = _proc("naft-traject")
    assert proc.steps[0].actor == "CLB" and "KANS" in proc.steps[0].action
    evaluation = [s for s in proc.steps if s.time_limit and s.time_limit.unit == "weken"]
    assert len(evaluation) == 1 and evaluation[0].time_limit.amount == 6
    assert "geëvalueerd" in evaluation[0].action
    assert proc.steps[-1].actor == "CLB"  # the CLB takes back the lead


def test_rebound_registration_by_the_clb_at_groep_intro() -> None:
    proc = _proc("rebound")
    assert any(s.actor == "CLB" and "Groep INTRO" in s.action for s in proc.steps)
    assert proc.applies_to.streams == {"bso", "tso"}


# --- relevance for profiles --------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile, first, present, absent",
    [
        (Profile(age=15, needs=["spijbelen"]), "leerplichtbegeleiding", {"aanmelding-kans"}, {"uitsluiting-lager"}),
        (
            Profile(age=15, needs=["spijbelen", "motivatie"], level="secundair-2e-graad", school_language="nl"),
            "leerplichtbegeleiding",
            {"naft-traject", "aanmelding-kans"},
            set(),
        ),
        (
            Profile(age=19, needs=["spijbelen"], level="secundair-3e-graad", school_language="nl"),
            "aanmelding-kans",
            {"naft-traject"},
            {"leerplichtbegeleiding"},
        ),  # an adult pupil: no compulsory guidance, KANS still fits
        (Profile(needs=["uitsluiting"], level="lager"), "uitsluiting-lager", set(), {"uitsluiting-secundair"}),
        (
            Profile(needs=["uitsluiting"], level="secundair-1e-graad"),
            "uitsluiting-secundair",
            set(),
            {"uitsluiting-lager"},
        ),
        (Profile(needs=["uitsluiting"], age=8), "uitsluiting-lager", set(), {"uitsluiting-secundair"}),
        (Profile(needs=["uitsluiting"], age=16), "uitsluiting-secundair", set(), {"uitsluiting-lager"}),
        (Profile(needs=["time-out"], age=13, school_language="nl"), "aanmelding-kans", {"naft-traject"}, set()),
        (Profile(needs=["gedrag"], level="lager", age=9), "aanmelding-kans", set(), {"naft-traject", "rebound"}),
        (Profile(level="geen-school", age=14), "absoluut-schoolverzuim", set(), {"leerplichtbegeleiding"}),
        (Profile(needs=["orientering"], level="secundair-3e-graad", stream="bso"), "rebound", set(), set()),
        (Profile(age=16, text="De ouders weigeren mee te werken."), "manifeste-onwil", set(), set()),
        (
            Profile(text="Het gezin is onbereikbaar, het kind komt niet meer naar school."),
            "onbereikbaarheid",
            set(),
            set(),
        ),
        (Profile(text="Mijn dochter heeft al 12 B-codes."), "leerplichtbegeleiding", set(), set()),
    ],
)
def test_relevant_procedures(profile: Profile, first: str, present: set[str], absent: set[str]) -> None:
    ids = [ref.id for ref in relevant_procedures(profile)]
    assert ids and ids[0] == first
    assert present <= set(ids)
    assert not absent & set(ids)


@pytest.mark.parametrize(
    "profile",
    [
        Profile(),
        Profile(age=15),
        Profile(age=20, needs=["werk"], level="geen-school"),  # no longer of compulsory school age
        Profile(age=16, needs=["spijbelen"], school_language="fr"),  # French-language school: not these procedures
        Profile(needs=["uitsluiting"], level="hoger"),
    ],
)
def test_no_procedure_when_nothing_fits(profile: Profile) -> None:
    assert relevant_procedures(profile) == []


def test_rebound_only_for_bso_tso() -> None:
    base = dict(needs=["orientering"], level="secundair-3e-graad")
    assert "rebound" in [r.id for r in relevant_procedures(Profile(stream="tso", **base))]
    assert "rebound" not in [r.id for r in relevant_procedures(Profile(stream="aso", **base))]


def test_relevant_procedures_return_contract_refs() -> None:
    refs = relevant_procedures(Profile(age=15, needs=["spijbelen"]))
    assert refs[0].to_json() == {
        "id": "leerplichtbegeleiding",
        "title": "Problematische afwezigheden en leerplichtbegeleiding",
    }


# --- linked services ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def views(imported_url: str) -> Iterator[list[ServiceView]]:
    database = Database(imported_url)
    with database.session() as session:
        loaded = load_service_views(session)
    database.dispose()
    yield loaded


def test_every_service_regex_resolves_in_the_imported_bundle(views: list[ServiceView]) -> None:
    keys = [service_key(v) for v in views]
    missing = [
        (proc.id, i + 1, pattern)
        for proc in load_procedures()
        for i, step in enumerate(proc.steps)
        for pattern in step.services
        if not any(re.search(pattern, key) for key in keys)
    ]
    assert missing == []


def test_linked_services_per_step(views: list[ServiceView]) -> None:
    proc = _proc("uitsluiting-secundair")
    links = linked_services(proc, views)
    assert set(links) == set(range(len(proc.steps)))
    lop_step = next(i for i, s in enumerate(proc.steps) if "bemiddelingscel" in s.actor)
    assert links[lop_step] and all("lop" in fold(v.organization) for v in links[lop_step])
    leerplicht = _proc("leerplichtbegeleiding")
    to_clb = next(i for i, s in enumerate(leerplicht.steps) if s.threshold and s.threshold.count == 5)
    assert any("leerplichtbegeleiding" in fold(v.name) for v in linked_services(leerplicht, views)[to_clb])
    naft = _proc("naft-traject")
    coach = linked_services(naft, views)[4]
    assert coach and {v.organization for v in coach} == {"Groep INTRO"}


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_unknown_procedure_exits_2_listing_ids() -> None:
    from wegwijzer.cli.procedures import procedure_command

    with pytest.raises(CliError) as info:
        procedure_command("bestaat-niet")
    assert info.value.exit_code == 2
    assert "onbekende procedure" in str(info.value) and "naft-traject" in str(info.value)


def test_cli_lists_and_shows_a_procedure(
    imported_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wegwijzer.cli.procedures import procedure_command, procedures_command
    from wegwijzer.config import get_settings

    monkeypatch.setenv("WEGWIJZER_DATABASE_URL", imported_db.url)
    get_settings.cache_clear()
    try:
        procedures_command()
        out = capsys.readouterr().out
        assert "leerplichtbegeleiding" in out and "Rebound-transitietraject" in out
        procedure_command("uitsluiting-secundair")
        out = capsys.readouterr().out
        assert "binnen de 15 dagen" in out and "LOP" in out and "Termijn: niet bepaald" in out
    finally:
        get_settings.cache_clear()

"""The evaluation logic with fake rank functions: loading, folding, hits, forbid, top 10, totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from wegwijzer.match.evaluation import Case, CaseFileError, evaluate, fold, load_cases, score_case

CASES_FILE = Path(__file__).resolve().parents[2] / "eval" / "cases.yaml"


def case(**kw) -> Case:
    base = dict(
        id="c1",
        text="",
        profile={"age": 13},
        expect=("\\bclb\\b", "abrusco", "groep intro"),
        min_hits=2,
        forbid=("\\bneet\\b",),
    )
    base.update(kw)
    return Case(**base)  # type: ignore[arg-type]


def rows(*labels: str) -> list[tuple[str, str, str]]:
    out = []
    for i, lab in enumerate(labels):
        org, svc = lab.split(" | ")
        out.append((f"s{i}", org, svc))
    return out


def test_fold_lowercases_and_strips_accents() -> None:
    assert fold("Maatschappijoriëntatie | Déclic") == "maatschappijorientatie | declic"
    assert fold("CLB GO! Brussel") == "clb go! brussel"


def test_pass_needs_min_hits_and_no_forbidden() -> None:
    c = case()
    ok = score_case(c, "profile", rows("CLB N-Brussel | Leerplicht", "Abrusco | Herstel"), set())
    assert ok.passed and ok.hits == ["\\bclb\\b", "abrusco"]
    short = score_case(c, "profile", rows("CLB N-Brussel | Leerplicht", "VGC | Beleid"), set())
    assert not short.passed and "1/2" in short.why
    bad = score_case(c, "profile", rows("CLB | x", "Abrusco | y", "NEET-projecten | NEET-projecten"), set())
    assert not bad.passed and bad.forbidden == ["\\bneet\\b → NEET-projecten | NEET-projecten"]


def test_patterns_match_organization_and_service_folded() -> None:
    c = case(expect=("maatschappijorientatie", "declic"), min_hits=2, forbid=())
    out = score_case(
        c, "text", rows("Ligo | Maatschappijoriëntatie", "Schoolbemiddeling en begeleiding Déclic | x"), set()
    )
    assert out.passed


def test_only_the_top_ten_count() -> None:
    filler = [f"Org{i} | Dienst{i}" for i in range(10)]
    c = case(expect=("abrusco",), min_hits=1, forbid=("\\bneet\\b",))
    out = score_case(c, "profile", rows(*filler, "Abrusco | x", "NEET | y"), set())
    assert not out.passed and out.hits == [] and out.forbidden == []
    assert len(out.top) == 10


def test_ineligible_counts_only_top_ten_ids() -> None:
    filler = rows(*[f"Org{i} | Dienst{i}" for i in range(12)])
    out = score_case(case(), "profile", filler, {"s1", "s3", "s11"})
    assert out.ineligible == ["Org1 | Dienst1", "Org3 | Dienst3"]


def test_evaluate_per_mode_totals_and_errors() -> None:
    cases = [case(id="a"), case(id="b"), case(id="c")]

    def rank(c: Case, mode: str):
        if mode == "baseline":
            return rows("VGC | Beleid"), set()
        if c.id == "c" and mode == "text":
            raise RuntimeError("kapot")
        return rows("CLB | x", "Abrusco | y", "Tigo | Tigo"), ({"s2"} if c.id == "b" else set())

    report = evaluate(cases, rank, ["profile", "text", "baseline"])
    assert report.totals("profile").passed == 3
    assert report.totals("profile").ineligible == 1
    assert report.totals("profile").cases_with_ineligible == 1
    assert report.totals("text").passed == 2
    assert report.outcome("c", "text").error == "RuntimeError: kapot"
    assert report.pass_rate("baseline") == 0.0
    data = report.to_json()
    assert data["totals"]["profile"]["pass_rate"] == 1.0
    assert data["cases"][1]["profile"]["ineligible"] == 1
    assert [f.case_id for f in report.failures("text")] == ["c"]


def test_load_cases_checks_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - {id: x, text: t, profile: {age: 3}, expect: ['a'], min_hits: 2}\n")
    with pytest.raises(CaseFileError, match="min_hits"):
        load_cases(bad)
    bad.write_text("cases:\n  - {id: x, profile: {leeftijd: 3}, expect: ['a']}\n")
    with pytest.raises(CaseFileError, match="unknown profile keys"):
        load_cases(bad)
    bad.write_text("cases:\n  - {id: x, expect: ['(']}\n")
    with pytest.raises(CaseFileError, match="invalid pattern"):
        load_cases(bad)
    bad.write_text("cases:\n  - {id: x, expect: ['a']}\n  - {id: x, expect: ['b']}\n")
    with pytest.raises(CaseFileError, match="duplicate"):
        load_cases(bad)


def test_team_cases_file_is_valid_and_covers_the_vocabulary() -> None:
    from wegwijzer.ingest.taxonomy import taxonomy_codes

    cases = load_cases(CASES_FILE)
    codes = taxonomy_codes()
    ids = [c.id for c in cases]
    assert {"e01-spijbelen-eerste-graad", "e05-duaal"} <= set(ids)
    assert len([i for i in ids if i.startswith("t")]) >= 45
    needs = [n for c in cases for n in c.profile.get("needs", [])]
    assert all(needs.count(n) >= 2 for n in codes["nood"]), "every need at least twice"
    assert {c.profile.get("level") for c in cases} >= set(codes["onderwijsniveau"])
    assert {c.profile.get("asker") for c in cases} >= set(codes["doelgroep"])
    assert {c.profile.get("school_language") for c in cases} == {"nl", "fr"}
    ages = {c.profile["age"] for c in cases if c.profile.get("age") is not None}
    assert min(ages) <= 6 and max(ages) >= 30
    for c in cases:
        for key in ("level", "stream", "asker", "school_language", "municipality"):
            value = c.profile.get(key)
            slug_list = {
                "level": "onderwijsniveau",
                "stream": "studierichting",
                "asker": "doelgroep",
                "school_language": "onderwijstaal",
                "municipality": "gemeente",
            }[key]
            assert value is None or value in codes[slug_list], (c.id, key, value)
        assert all(n in codes["nood"] for n in c.profile.get("needs", [])), c.id

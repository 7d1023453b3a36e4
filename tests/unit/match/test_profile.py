"""The case profile: validation against the vocabulary and merging with the free text."""

from __future__ import annotations

import pytest

from wegwijzer.match.profile import ProfileError, build_profile


def test_build_profile_keeps_valid_explicit_options() -> None:
    p = build_profile(age=15, level="secundair-2e-graad", stream="bso", needs=["spijbelen", "motivatie"],
                      asker="clb", school_language="nl", municipality="sint-jans-molenbeek")
    assert p.to_json() == {"age": 15, "level": "secundair-2e-graad", "stream": "bso",
                           "needs": ["spijbelen", "motivatie"], "asker": "clb", "school_language": "nl",
                           "municipality": "sint-jans-molenbeek", "from_text": {}}


@pytest.mark.parametrize(("kwargs", "allowed"), [
    ({"level": "universiteit"}, "secundair-1e-graad"),
    ({"stream": "latijn"}, "aso"),
    ({"needs": ["spijbelen", "verveling"]}, "motivatie"),
    ({"asker": "buurman"}, "hulpverlener"),
    ({"school_language": "de"}, "nl, fr"),
    ({"municipality": "parijs"}, "sint-jans-molenbeek"),
])
def test_build_profile_rejects_unknown_slugs_naming_the_allowed_values(kwargs: dict, allowed: str) -> None:
    with pytest.raises(ProfileError) as info:
        build_profile(**kwargs)
    assert allowed in info.value.message_nl
    assert "toegelaten" in info.value.message_nl


@pytest.mark.parametrize("age", [200, -3, 121, "abc", "15.5", True])
def test_build_profile_rejects_impossible_ages(age: object) -> None:
    with pytest.raises(ProfileError, match="0 tot 120"):
        build_profile(age=age)


@pytest.mark.parametrize(("age", "expected"), [(0, 0), (120, 120), ("17", 17), (None, None)])
def test_build_profile_accepts_ages_from_0_to_120(age: object, expected: int | None) -> None:
    assert build_profile(age=age).age == expected


def test_build_profile_reads_the_text_and_echoes_it() -> None:
    p = build_profile(text="Meisje van 13 in het eerste middelbaar spijbelt.")
    assert (p.age, p.level, p.needs) == (13, "secundair-1e-graad", ["spijbelen"])
    assert p.from_text["age"] == 13 and p.from_text["level"] == "secundair-1e-graad"
    assert "text" not in p.to_json()


def test_build_profile_explicit_options_win_over_the_text() -> None:
    p = build_profile(text="Meisje van 13 in het eerste middelbaar", age=14, level="secundair-2e-graad")
    assert (p.age, p.level) == (14, "secundair-2e-graad")
    assert p.from_text["age"] == 13  # what the text said stays visible for correction


def test_build_profile_combines_explicit_and_text_needs_without_duplicates() -> None:
    p = build_profile(text="Hij spijbelt en wordt gepest", needs=["spijbelen", "welzijn"])
    assert p.needs == ["spijbelen", "welzijn", "pesten-conflict"]


def test_build_profile_slugs_are_case_insensitive() -> None:
    assert build_profile(level="OKAN", asker=" School ").level == "okan"

"""Bodies one cannot register with rank after real offers when a concrete young person is concerned."""

import pytest

from wegwijzer.match.model import Profile
from wegwijzer.match.ranking import CASE_NO_ENTRY_PENALTY, NO_ENTRY_PENALTY, no_entry_factor


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (Profile(needs=["beleid"], asker="school"), 1.0),
        (Profile(asker="hulpverlener"), 1.0),
        (Profile(asker="school", age=13, needs=["spijbelen"]), CASE_NO_ENTRY_PENALTY),
        (Profile(asker="clb", level="lager"), CASE_NO_ENTRY_PENALTY),
        (Profile(asker="ouder", age=15), NO_ENTRY_PENALTY),
        (Profile(), NO_ENTRY_PENALTY),
    ],
)
def test_no_entry_factor_depends_on_who_asks_and_about_whom(profile: Profile, expected: float) -> None:
    assert no_entry_factor(profile) == expected

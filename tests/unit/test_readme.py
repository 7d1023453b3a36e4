"""The README stays true: every setting is documented, and the two set-up commands exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from wegwijzer.config import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_readme_documents_every_setting(name: str) -> None:
    assert f"`WEGWIJZER_{name.upper()}`" in README


def test_every_setting_has_a_help_text() -> None:
    assert all(field.description for field in Settings.model_fields.values())


def test_readme_gives_the_two_set_up_commands_and_the_makefile_has_them() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "```\nmake run\n```" in README and "```\nmake test\n```" in README
    assert "\nrun:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")

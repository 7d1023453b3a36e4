"""The axe harness itself: a page with known violations must fail, so "no violations" means something."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, AXE_RESULTS, check_axe

BROKEN = """<!doctype html><html><head></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#ccc;background:#fff">low contrast</p>
<form><input type="text" id="x"></form></body></html>"""


def test_check_axe_fails_on_serious_violations(page: Any) -> None:
    page.set_content(BROKEN)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_axe(page, "harness-selftest")
    AXE_RESULTS.pop("harness-selftest", None)
    (ARTIFACTS / "axe-harness-selftest.json").unlink(missing_ok=True)
    message = str(failure.value)
    for rule in ("image-alt", "html-has-lang", "label", "document-title"):
        assert rule in message, f"{rule} missing from:\n{message}"
    assert "[critical]" in message and "img" in message  # impact and target selector are listed

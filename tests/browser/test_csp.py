"""The pages under their real Content-Security-Policy (no bypass): nothing is refused, the script still works."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

PAGES = (
    "/",
    "/zoeken?q=spijbelen",
    "/wegwijzer",
    "/wegwijzer/resultaat?leeftijd=15&nood=spijbelen",
    "/overzicht",
    "/procedures",
    "/api/docs",
    "/bestaat-niet",
)

# Runs before any page script (init scripts are not subject to the page's CSP) and records every violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                              ' (' + (e.sourceFile || '') + ':' + (e.lineNumber || 0) + ')');
});
"""


def test_pages_respect_their_content_security_policy(strict_context: Any) -> None:
    strict_context.add_init_script(RECORD_VIOLATIONS)
    page = strict_context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and "Content Security Policy" in msg.text and console.append(msg.text),
    )
    for path in PAGES:
        response = page.goto(path)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{path}: strict CSP expected, got {policy!r}"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{path}: {policy}"
        assert response.headers.get("x-content-type-options") == "nosniff", path
        violations = page.evaluate("() => window.__cspViolations")
        assert not violations, f"{path}: CSP violations: {violations}"
        # The stylesheet is applied (not blocked): the skip link is moved out of sight until focused.
        assert page.locator(".skip-link").is_hidden() or page.evaluate(
            "() => getComputedStyle(document.querySelector('.skip-link')).position"
        ) in ("absolute", "fixed"), path
    assert not console, "CSP errors in the console:\n" + "\n".join(console)


def test_enhancement_script_runs_under_the_policy(strict_context: Any) -> None:
    """enhance.js (an external 'self' script) submits the facet form as soon as a box is ticked."""
    page = strict_context.new_page()
    page.goto("/zoeken?q=spijbelen")
    box = page.locator("form.facets input[type='checkbox'][name='nood']").first
    slug = box.get_attribute("value")
    with page.expect_navigation():
        box.check()  # no click on "Filters toepassen": only the script can submit here
    assert parse_qs(urlparse(page.url).query).get("nood") == [slug]

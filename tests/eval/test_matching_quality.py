"""Matching quality on the team's evaluation set (issue 3, "Done when"), on the imported infobundle.

Structured profiles: >= 90 % of the cases pass and no top 10 holds a service that fails a hard
criterion of the case. Free text: >= 80 %. Both strictly better than plain BM25 over the same records.
Run ``wegwijzer eval`` for the per-case table and the reasons of each failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wegwijzer.db import Database
from wegwijzer.match.evaluation import EvalReport, evaluate, load_cases

CASES = Path(__file__).with_name("cases.yaml")
PROFILE_MIN = 0.90
TEXT_MIN = 0.80


@pytest.fixture(scope="module")
def report(imported_url: str) -> EvalReport:
    from wegwijzer.match.eval_runs import EvalRunner

    database = Database(imported_url)
    with database.session() as session:
        runner = EvalRunner.from_session(session)
    database.dispose()
    return evaluate(load_cases(CASES), runner, ["profile", "text", "baseline"])


def _failures(report: EvalReport, mode: str) -> str:
    return "\n".join(f"  {o.case_id}: {o.why}" for o in report.failures(mode))


def test_profile_mode_pass_rate(report: EvalReport) -> None:
    rate = report.pass_rate("profile")
    assert rate >= PROFILE_MIN, f"profile {rate:.0%} < {PROFILE_MIN:.0%}\n{_failures(report, 'profile')}"


def test_profile_mode_has_no_ineligible_results(report: EvalReport) -> None:
    bad = {o.case_id: o.ineligible for o in report.outcomes["profile"] if o.ineligible}
    assert not bad, f"ineligible services in a top 10: {bad}"


def test_text_mode_pass_rate(report: EvalReport) -> None:
    rate = report.pass_rate("text")
    assert rate >= TEXT_MIN, f"text {rate:.0%} < {TEXT_MIN:.0%}\n{_failures(report, 'text')}"


def test_both_modes_beat_the_bm25_baseline(report: EvalReport) -> None:
    base = report.pass_rate("baseline")
    assert report.pass_rate("profile") > base
    assert report.pass_rate("text") > base

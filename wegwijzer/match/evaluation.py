"""Matching quality, measured: load referral cases and score a ranking function against them.

Pure: no database, no matcher. A *rank function* is called once per case and mode and returns
the ranked results as ``(service_id, organization, service)`` triples plus the ids of the
results that fail a hard criterion of the case's structured profile ("ineligible").

A case passes in a mode when at least ``min_hits`` of its ``expect`` patterns are found in the
top 10 results and none of its ``forbid`` patterns is. A pattern is a regular expression searched
in ``"organization | service"``, lower-cased with accents removed (the rule of the public example
file ``shared/examples/cases.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TOP_N = 10
MODES = ("profile", "text", "baseline")

#: (service_id, organization, service)
Row = tuple[str, str, str]
#: rank_fn(case, mode) -> (ranked rows, ids of ineligible rows)
RankFn = Callable[["Case", str], tuple[Sequence[Row], "set[str] | frozenset[str]"]]

PROFILE_KEYS = ("age", "level", "stream", "needs", "asker", "school_language", "municipality")


class CaseFileError(ValueError):
    """The cases file is malformed; the message names the case and the problem."""


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    profile: Mapping[str, Any]
    expect: tuple[str, ...]
    min_hits: int
    forbid: tuple[str, ...] = ()


@dataclass
class CaseOutcome:
    case_id: str
    mode: str
    passed: bool
    hits: list[str]  # expect patterns found in the top 10
    min_hits: int
    forbidden: list[str]  # "pattern → organization | service" for every forbid pattern found
    ineligible: list[str]  # "organization | service" of top-10 results failing a hard criterion
    top: list[str]  # "organization | service" of the top 10
    error: str | None = None  # the rank function raised; the case counts as failed

    @property
    def why(self) -> str:
        """A short Dutch explanation of a failure ('' when the case passed)."""
        if self.passed:
            return ""
        parts = []
        if self.error:
            parts.append(f"fout: {self.error}")
        if len(self.hits) < self.min_hits:
            parts.append(f"te weinig treffers ({len(self.hits)}/{self.min_hits})")
        if self.forbidden:
            parts.append("verboden: " + "; ".join(self.forbidden))
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "mode": self.mode,
            "passed": self.passed,
            "hits": list(self.hits),
            "min_hits": self.min_hits,
            "forbidden": list(self.forbidden),
            "ineligible": len(self.ineligible),
            "ineligible_results": list(self.ineligible),
            "top": list(self.top),
            "error": self.error,
        }


@dataclass
class ModeTotals:
    mode: str
    cases: int
    passed: int
    ineligible: int  # ineligible results summed over every top 10
    cases_with_ineligible: int

    @property
    def pass_rate(self) -> float:
        return self.passed / self.cases if self.cases else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "cases": self.cases,
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 4),
            "ineligible": self.ineligible,
            "cases_with_ineligible": self.cases_with_ineligible,
        }


@dataclass
class EvalReport:
    modes: list[str]
    case_ids: list[str]
    outcomes: dict[str, list[CaseOutcome]] = field(default_factory=dict)  # mode -> per case, in case order

    def totals(self, mode: str) -> ModeTotals:
        rows = self.outcomes[mode]
        return ModeTotals(
            mode=mode,
            cases=len(rows),
            passed=sum(o.passed for o in rows),
            ineligible=sum(len(o.ineligible) for o in rows),
            cases_with_ineligible=sum(bool(o.ineligible) for o in rows),
        )

    def pass_rate(self, mode: str) -> float:
        return self.totals(mode).pass_rate

    def outcome(self, case_id: str, mode: str) -> CaseOutcome:
        return next(o for o in self.outcomes[mode] if o.case_id == case_id)

    def failures(self, mode: str) -> list[CaseOutcome]:
        return [o for o in self.outcomes[mode] if not o.passed]

    def to_json(self) -> dict[str, Any]:
        return {
            "totals": {m: self.totals(m).to_json() for m in self.modes},
            "cases": [{"id": cid, **{m: self.outcome(cid, m).to_json() for m in self.modes}} for cid in self.case_ids],
        }


# ------------------------------------------------------------------------------------------ loading


def load_cases(path: Path | str) -> list[Case]:
    """Read a cases file (``cases:`` list as in ``shared/examples/cases.yaml``) and check its shape."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseFileError(f"{path}: expected a mapping with a 'cases' list")
    cases = [_case(raw, i) for i, raw in enumerate(data["cases"])]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseFileError(f"{path}: duplicate case id {case.id!r}")
        seen.add(case.id)
    return cases


def _case(raw: Any, index: int) -> Case:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise CaseFileError(f"case #{index + 1}: expected a mapping with an 'id'")
    cid = str(raw["id"])
    profile = raw.get("profile") or {}
    if not isinstance(profile, dict):
        raise CaseFileError(f"case {cid}: 'profile' must be a mapping")
    unknown = set(profile) - set(PROFILE_KEYS)
    if unknown:
        raise CaseFileError(f"case {cid}: unknown profile keys {sorted(unknown)}")
    expect = tuple(str(p) for p in raw.get("expect") or ())
    forbid = tuple(str(p) for p in raw.get("forbid") or ())
    for pattern in (*expect, *forbid):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CaseFileError(f"case {cid}: invalid pattern {pattern!r}: {exc}") from None
    min_hits = int(raw.get("min_hits", 1))
    if not expect or not 1 <= min_hits <= len(expect):
        raise CaseFileError(f"case {cid}: min_hits must be between 1 and the number of expect patterns")
    return Case(
        id=cid, text=str(raw.get("text") or ""), profile=dict(profile), expect=expect, min_hits=min_hits, forbid=forbid
    )


# ------------------------------------------------------------------------------------------ scoring


def fold(text: str) -> str:
    """Lower-case and remove accents (the matching rule of the cases file)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def label(row: Row) -> str:
    return f"{row[1]} | {row[2]}"


def score_case(case: Case, mode: str, rows: Sequence[Row], ineligible_ids: Iterable[str]) -> CaseOutcome:
    """Judge one case's ranked rows (only the top 10 count)."""
    top = list(rows)[:TOP_N]
    labels = [label(r) for r in top]
    folded = [fold(lab) for lab in labels]
    hits = [p for p in case.expect if any(re.search(p, f) for f in folded)]
    forbidden = [f"{p} → {lab}" for p in case.forbid for lab, f in zip(labels, folded, strict=True) if re.search(p, f)]
    bad = set(ineligible_ids)
    ineligible = [label(r) for r in top if r[0] in bad]
    passed = len(hits) >= case.min_hits and not forbidden
    return CaseOutcome(case.id, mode, passed, hits, case.min_hits, forbidden, ineligible, labels)


def evaluate(cases: Sequence[Case], rank_fn: RankFn, modes: Sequence[str] = ("profile", "text")) -> EvalReport:
    """Run ``rank_fn`` for every case in every mode and judge the results.

    An exception from ``rank_fn`` fails that case (with the error recorded) instead of
    aborting the whole evaluation.
    """
    report = EvalReport(modes=list(modes), case_ids=[c.id for c in cases])
    for mode in modes:
        rows_out: list[CaseOutcome] = []
        for case in cases:
            try:
                rows, ineligible = rank_fn(case, mode)
            except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
                outcome = score_case(case, mode, [], ())
                outcome.passed = False
                outcome.error = f"{type(exc).__name__}: {exc}"
                rows_out.append(outcome)
                continue
            rows_out.append(score_case(case, mode, rows, ineligible))
        report.outcomes[mode] = rows_out
    return report

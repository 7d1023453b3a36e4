"""Search and match at scale: synthetic directories of ×10, ×100 and ×1000 the real one.

Each copy of the bundle's organisations gets a new natural key, a varied name and
descriptions with shuffled sentences and a few extra words from the corpus, so the
index does not see the same document a thousand times. Rows are bulk-inserted (no
history), then the search index is built (timed), then search and match are timed
in-process over a fixed set of queries and profiles (the evaluation cases).

Usage: .venv/bin/python bench/bench_scale.py [--scales 10,100,1000] [--queries 200]
                                             [--db PATH] [--keep DIR] [--match-only]
Prints one table row per scale: services, insert and index build time, and p50/p95 of
search and match in milliseconds. ``--keep DIR`` keeps the generated databases there
(``scale1000.sqlite3``); ``--db PATH`` times such a prebuilt database instead of generating one
(insert and index columns then show 0); ``--match-only`` skips the search timings.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from sqlalchemy import insert

from wegwijzer.db import Database
from wegwijzer.directory.models import Base
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.records import ImportResult, OrganizationRec
from wegwijzer.ingest.rows import TABLE_ORDER, build_rows
from wegwijzer.ingest.services import bundled_document
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.match.profile import build_profile
from wegwijzer.match.services import Matcher
from wegwijzer.search.index import reindex
from wegwijzer.search.schemas import SearchFilters
from wegwijzer.search.services import search

CASES = Path(__file__).resolve().parents[1] / "tests" / "eval" / "cases.yaml"


def _vary(text: str, rng: random.Random, words: list[str]) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    rng.shuffle(sentences)
    return " ".join(sentences) + " " + " ".join(rng.sample(words, 3))


def synthetic(base: ImportResult, scale: int, seed: int = 7) -> ImportResult:
    rng = random.Random(seed)
    corpus = {w for o in base.organizations for s in o.services for w in re.findall(r"[a-zà-ÿ]{5,}", s.description)}
    words = sorted(corpus)
    orgs: list[OrganizationRec] = []
    for copy_no in range(scale):
        for org in base.organizations:
            clone = copy.deepcopy(org)
            clone.key = f"{org.key}#{copy_no}"
            clone.parent_key = f"{org.parent_key}#{copy_no}" if org.parent_key else None
            if copy_no:
                clone.name = f"{org.name} {rng.choice(words).capitalize()} {copy_no}"
                for svc in clone.services:
                    svc.name = f"{svc.name} {rng.choice(words)}"
                    svc.description = _vary(svc.description, rng, words)
            orgs.append(clone)
    return ImportResult(organizations=orgs)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def build_scale(base: ImportResult, scale: int, path: Path) -> tuple[Database, int, float, float]:
    """A synthetic directory of ``scale`` copies in a new SQLite file: (db, services, insert s, index s)."""
    db = Database(f"sqlite:///{path}")
    rows = build_rows(synthetic(base, scale), load_taxonomies())
    start = time.perf_counter()
    with db.session() as session:
        for name in TABLE_ORDER:
            if rows[name]:
                session.execute(insert(Base.metadata.tables[name]), list(rows[name].values()))
    insert_s = time.perf_counter() - start
    start = time.perf_counter()
    with db.session() as session:
        reindex(session)
    index_s = time.perf_counter() - start
    return db, len(rows["service"]), insert_s, index_s


def time_directory(db: Database, queries: list[str], profiles: list, *, match_only: bool = False) -> dict:
    """Matcher load time, and p50/p95 of search (unless ``match_only``) and match in milliseconds."""
    search_ms: list[float] = []
    if not match_only:
        with db.session() as session:
            search(session, queries[0], SearchFilters())  # warm caches
            for query in queries:
                t0 = time.perf_counter()
                search(session, query, SearchFilters())
                search_ms.append((time.perf_counter() - t0) * 1000)
    start = time.perf_counter()
    with db.session() as session:
        matcher = Matcher.from_session(session)
    matcher_s = time.perf_counter() - start
    match_ms: list[float] = []
    for profile in profiles:
        t0 = time.perf_counter()
        matcher.run(profile, limit=10)
        match_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "services": len(matcher.views), "matcher_load_s": matcher_s,
        "search_p50": statistics.median(search_ms) if search_ms else float("nan"),
        "search_p95": percentile(search_ms, 95) if search_ms else float("nan"),
        "match_p50": statistics.median(match_ms), "match_p95": percentile(match_ms, 95),
    }


def run_scale(base: ImportResult, scale: int, queries: list[str], profiles: list, tmp: Path,
              match_only: bool = False) -> dict:
    db, services, insert_s, index_s = build_scale(base, scale, tmp / f"scale{scale}.sqlite3")
    try:
        timings = time_directory(db, queries, profiles, match_only=match_only)
    finally:
        db.dispose()
    return {"scale": scale, **timings, "services": services, "insert_s": insert_s, "index_s": index_s}


def _row(r: dict) -> str:
    return (f"{r['scale']:>6} {r['services']:>9} {r['insert_s']:>9.1f} {r['index_s']:>8.1f} "
            f"{r['matcher_load_s']:>15.1f} {r['search_p50']:>11.1f} {r['search_p95']:>7.1f} "
            f"{r['match_p50']:>10.1f} {r['match_p95']:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100,1000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", type=Path, help="time this prebuilt SQLite database instead of generating one")
    parser.add_argument("--keep", type=Path, help="keep the generated databases in this folder")
    parser.add_argument("--match-only", action="store_true", help="time the matcher only, not search")
    args = parser.parse_args()
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    texts = [c["text"] for c in cases]
    queries = [t for t in (texts * (args.queries // len(texts) + 1))][: args.queries]
    profiles = []
    for i in range(args.queries):
        case = cases[i % len(cases)]
        prof = dict(case["profile"])
        profiles.append(build_profile(text=case["text"]) if i % 2 else build_profile(**prof))
    print(f"{'scale':>6} {'services':>9} {'insert s':>9} {'index s':>8} {'matcher load s':>15} "
          f"{'search p50':>11} {'p95 ms':>7} {'match p50':>10} {'p95 ms':>7}")
    if args.db:
        if not args.db.exists():
            parser.error(f"no such database: {args.db}")
        db = Database(f"sqlite:///{args.db}")
        try:
            r = time_directory(db, queries, profiles, match_only=args.match_only)
        finally:
            db.dispose()
        print(_row({"scale": "db", "insert_s": 0.0, "index_s": 0.0, **r}), flush=True)
        return
    base = parse_infobundle(bundled_document().read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for scale in (int(s) for s in args.scales.split(",")):
            path = folder / f"scale{scale}.sqlite3"
            path.unlink(missing_ok=True)
            r = run_scale(base, scale, queries, profiles, folder, match_only=args.match_only)
            print(_row(r), flush=True)


if __name__ == "__main__":
    main()

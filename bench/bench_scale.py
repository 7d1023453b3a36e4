"""Search and match at scale: synthetic directories of 1k, 10k and 100k services, on SQLite and PostgreSQL.

Each copy of the bundle's organisations gets a new natural key, a varied name and descriptions with
shuffled sentences and a few extra words from the corpus, so the index does not see the same document
a thousand times. The rows are generated once per scale and bulk-inserted (no history) into each
backend, then the search index is built (timed), then search and match are timed in-process over a
fixed set of queries and profiles (the evaluation cases). Every timed question is computed from scratch:
the per-process result cache and the matcher's kept plans are switched off (the workload repeats its
cases; ``bench_load.py`` measures what a server answers from memory).

Usage: .venv/bin/python bench/bench_scale.py [--scales 1k,10k,100k] [--backend sqlite|postgresql|both]
                                             [--queries 200] [--keep DIR] [--db PATH-OR-URL] [--match-only]
``--scales``: service counts (``1000``, ``10k``) or multipliers of the real bundle (``x8``, ``×820``); a
count is rounded to a whole number of copies (the real bundle has 122 services, so 10k -> ×82).
PostgreSQL: a fresh database per scale on ``--pg-url``'s server, dropped afterwards unless ``--keep``.
``--keep DIR`` keeps the SQLite files there (``scale820.sqlite3``) and the PostgreSQL databases
(``wegwijzer_bench_820``); ``--db`` times such a prebuilt database (insert and index columns show 0).
With both backends, every query's top 10 (search) and every profile's top 10 (match) are compared.
"""

from __future__ import annotations

import argparse
import copy
import gc
import random
import re
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from wegwijzer import caching
from wegwijzer.db import Database
from wegwijzer.directory.models import Base
from wegwijzer.ingest.parse import parse_infobundle
from wegwijzer.ingest.records import ImportResult, OrganizationRec
from wegwijzer.ingest.rows import TABLE_ORDER, build_rows
from wegwijzer.ingest.services import bundled_document
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.match import services as match_services
from wegwijzer.match.profile import build_profile
from wegwijzer.match.services import Matcher
from wegwijzer.search.index import reindex
from wegwijzer.search.schemas import SearchFilters
from wegwijzer.search.services import search
from wegwijzer.search.state import forget_states

CASES = Path(__file__).resolve().parents[1] / "tests" / "eval" / "cases.yaml"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
HEADER = (f"{'backend':<10} {'scale':>6} {'services':>9} {'insert s':>9} {'index s':>8} {'state s':>8} "
          f"{'search p50':>11} {'p95 ms':>7} {'matcher load s':>15} {'match p50':>10} {'p95 ms':>7}")


def _vary(text_: str, rng: random.Random, words: list[str]) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text_)
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


def parse_scales(spec: str, base_services: int) -> list[int]:
    """Multipliers from ``1k,10k,x820``: counts are rounded to whole copies of the bundle."""
    out = []
    for part in (p.strip().lower() for p in spec.split(",") if p.strip()):
        if part[0] in "x×":
            if not part[1:].isdigit() or int(part[1:]) < 1:
                raise ValueError(f"{part}: a multiplier is x followed by a whole number of at least 1")
            out.append(int(part[1:]))
            continue
        count = float(part[:-1]) * 1000 if part.endswith("k") else float(part)
        if count < base_services:
            raise ValueError(f"{part}: fewer services than the bundle's {base_services} (a multiplier is x{part})")
        out.append(round(count / base_services))
    return out


def _admin(pg_url: str, sql: str) -> None:
    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def new_database(backend: str, scale: int, folder: Path, pg_url: str, keep: bool) -> str:
    """The URL of a new empty database for one scale (an existing one of that name is replaced)."""
    if backend == "sqlite":
        path = folder / f"scale{scale}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = f"wegwijzer_bench_{scale}" if keep else f"wegwijzer_bench_{scale}_{uuid.uuid4().hex[:8]}"
    _admin(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(pg_url, f'CREATE DATABASE "{name}"')
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, pg_url: str) -> None:
    if url.startswith("postgresql"):
        _admin(pg_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def load(url: str, rows: dict[str, dict[str, dict[str, Any]]]) -> tuple[float, float]:
    """Bulk-insert ``rows`` and build the search index: (insert s, index s)."""
    db = Database(url)
    try:
        start = time.perf_counter()
        with db.session() as session:
            for name in TABLE_ORDER:
                if rows[name]:
                    session.execute(insert(Base.metadata.tables[name]), list(rows[name].values()))
        insert_s = time.perf_counter() - start
        start = time.perf_counter()
        with db.session() as session:
            reindex(session)
        return insert_s, time.perf_counter() - start
    finally:
        db.dispose()


def time_directory(url: str, queries: list[str], profiles: list, checks: tuple[list[str], list], *,
                   match_only: bool = False) -> dict:
    """State build, matcher load, p50/p95 of search (unless ``match_only``) and match in milliseconds,
    and the top 10 of every check query (search) and check profile (match)."""
    db = Database(url)
    search_ms: list[float] = []
    state_s = float("nan")
    tops: dict[str, list] = {"search": [], "match": []}
    try:
        if not match_only:
            with db.session() as session:
                start = time.perf_counter()
                search(session, queries[0], SearchFilters())  # builds the in-memory index
                state_s = time.perf_counter() - start
                for query in queries:
                    t0 = time.perf_counter()
                    search(session, query, SearchFilters())
                    search_ms.append((time.perf_counter() - t0) * 1000)
                for query in checks[0]:
                    found = search(session, query, SearchFilters(), per_page=10)
                    tops["search"].append((found.total, [(h.service_id, h.score) for h in found.results]))
        start = time.perf_counter()
        with db.session() as session:
            matcher = Matcher.from_session(session)
        matcher_s = time.perf_counter() - start
    finally:
        db.dispose()
    match_ms: list[float] = []
    for profile in profiles:
        t0 = time.perf_counter()
        matcher.run(profile, limit=10)
        match_ms.append((time.perf_counter() - t0) * 1000)
    for profile in checks[1]:
        tops["match"].append([(r.service_id, r.score) for r in matcher.run(profile, limit=10).results])
    services = len(matcher.views)
    del matcher
    forget_states()
    gc.collect()
    return {
        "services": services, "state_s": state_s, "matcher_load_s": matcher_s, "tops": tops,
        "search_p50": statistics.median(search_ms) if search_ms else float("nan"),
        "search_p95": percentile(search_ms, 95) if search_ms else float("nan"),
        "match_p50": statistics.median(match_ms), "match_p95": percentile(match_ms, 95),
    }


def agreement(a: dict[str, list], b: dict[str, list]) -> str:
    """How many check queries and profiles have the same top 10 (ids and order; scores within 1e-9)."""
    def same(x: list, y: list) -> bool:
        return [i for i, _ in x] == [i for i, _ in y] and all(
            abs(s - t) <= 1e-9 for (_, s), (_, t) in zip(x, y, strict=True))

    searches = sum(x[0] == y[0] and same(x[1], y[1]) for x, y in zip(a["search"], b["search"], strict=True))
    matches = sum(same(x, y) for x, y in zip(a["match"], b["match"], strict=True))
    return (f"search top 10 identical for {searches}/{len(a['search'])} queries, "
            f"match top 10 identical for {matches}/{len(a['match'])} profiles")


def _row(backend: str, r: dict) -> str:
    return (f"{backend:<10} {r['scale']:>6} {r['services']:>9} {r['insert_s']:>9.1f} {r['index_s']:>8.1f} "
            f"{r['state_s']:>8.1f} {r['search_p50']:>11.1f} {r['search_p95']:>7.1f} {r['matcher_load_s']:>15.1f} "
            f"{r['match_p50']:>10.1f} {r['match_p95']:>7.1f}")


def _workload(count: int) -> tuple[list[str], list, tuple[list[str], list]]:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    texts = [c["text"] for c in cases]
    queries = (texts * (count // len(texts) + 1))[:count]
    profiles = []
    for i in range(count):
        case = cases[i % len(cases)]
        profiles.append(build_profile(text=case["text"]) if i % 2 else build_profile(**dict(case["profile"])))
    checks = (texts, [build_profile(**dict(c["profile"])) for c in cases] + [build_profile(text=t) for t in texts])
    return queries, profiles, checks


def main() -> None:
    # every timed question is computed: no kept answers, no kept matcher plans (the workload repeats its
    # cases; a server would answer repeats from memory, which bench_load.py's second pass measures)
    caching.RESULTS.resize(0)
    match_services.PLAN_PROFILES = 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1k,10k,100k", help="service counts (10k) or multipliers (x82)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_URL, help="a PostgreSQL server database to create the others from")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="time this prebuilt database (SQLite path or URL) instead of generating one")
    parser.add_argument("--keep", type=Path, help="keep the generated databases (SQLite files in this folder)")
    parser.add_argument("--match-only", action="store_true", help="time the matcher only, not search")
    args = parser.parse_args()
    if args.queries < 1:
        parser.error("--queries must be at least 1")
    queries, profiles, checks = _workload(args.queries)
    if args.db:
        url = args.db if "://" in args.db else f"sqlite:///{args.db}"
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
            parser.error(f"no such database: {args.db}")
        print(HEADER, flush=True)
        r = time_directory(url, queries, profiles, checks, match_only=args.match_only)
        print(_row(make_url(url).get_backend_name(), {"scale": "db", "insert_s": 0.0, "index_s": 0.0, **r}))
        return
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    if "postgresql" in backends:
        try:
            _admin(args.pg_url, "SELECT 1")
        except SQLAlchemyError as exc:
            parser.error(f"cannot reach PostgreSQL at {args.pg_url}: {str(exc).splitlines()[0]}")
    base = parse_infobundle(bundled_document().read_text(encoding="utf-8"))
    base_services = sum(len(o.services) for o in base.organizations)
    try:
        scales = parse_scales(args.scales, base_services)
    except ValueError as exc:
        parser.error(f"--scales: {exc}")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for scale in scales:
            rows = build_rows(synthetic(base, scale), load_taxonomies())
            results = {}
            for backend in backends:
                url = new_database(backend, scale, folder, args.pg_url, keep=bool(args.keep))
                try:
                    insert_s, index_s = load(url, rows)
                    r = time_directory(url, queries, profiles, checks, match_only=args.match_only)
                finally:
                    if not args.keep:
                        drop_database(url, args.pg_url)
                results[backend] = r
                print(_row(backend, {"scale": f"×{scale}", "insert_s": insert_s, "index_s": index_s, **r}),
                      flush=True)
            if len(results) == 2:
                same = agreement(results["sqlite"]["tops"], results["postgresql"]["tops"])
                print(f"{'':<10} ×{scale} agreement: {same}", flush=True)
            del rows
            gc.collect()


if __name__ == "__main__":
    main()

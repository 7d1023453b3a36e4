"""The in-memory search index: FTS5's bm25 in numpy, bitsets, and the state token kept by triggers."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from sqlalchemy import delete, insert, select, update

from tests import factories
from wegwijzer.db import Database
from wegwijzer.directory.models import Base, Service
from wegwijzer.ingest.rows import TABLE_ORDER, build_rows
from wegwijzer.ingest.taxonomy import load_taxonomies
from wegwijzer.search.index import reindex
from wegwijzer.search.models import TEXT_FIELDS, SearchDocument, SearchState
from wegwijzer.search.schemas import SLUG_FACETS
from wegwijzer.search.state import IndexState, bitset, fingerprint, to_bits, to_mask

TERMS = ["spijbel", "school", "jong", "werk", "taal", "clb", "begeleid", "nood_spijbelen", "okan", "ouder"]


def _rows(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        row = {"service_id": f"s{i:04d}", "sort_order": i, "words": "spijbelen school jongeren",
               "min_age": rng.choice([None, 6.0, 12.0]), "max_age": rng.choice([None, 18.0, 25.0]),
               "free": rng.choice([None, True, False])}
        row.update({f: rng.choice(["", "a", "a b"]) for f in SLUG_FACETS})
        row.update({f: " ".join(rng.choices(TERMS, k=rng.randint(0, 12))) for f in TEXT_FIELDS})
        rows.append(row)
    return rows


def fts5_bm25(rows: list[dict], terms: list[str]) -> dict[int, float]:
    """SQLite FTS5's bm25() (fts5_aux.c, sign flipped) as a plain loop: per row, the field-weighted
    frequencies added occurrence by occurrence, then the terms summed in query order."""
    k1, b = 1.2, 0.75
    lengths = [sum(len((r[f] or "").split()) for f in TEXT_FIELDS) for r in rows]
    avgdl = sum(lengths) / len(rows)
    freqs = []
    for r in rows:
        freq: dict[str, float] = {}
        for field, weight in TEXT_FIELDS.items():
            for term in (r[field] or "").split():
                freq[term] = freq.get(term, 0.0) + weight
        freqs.append(freq)
    out = {}
    for doc, freq in enumerate(freqs):
        if not any(t in freq for t in terms):
            continue
        total = 0.0
        for term in terms:
            hits = sum(term in f for f in freqs)
            if not hits:
                continue
            idf = math.log((len(rows) - hits + 0.5) / (hits + 0.5))
            idf = idf if idf > 0.0 else 1e-6
            f = freq.get(term, 0.0)
            total += idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * lengths[doc] / avgdl)))
        out[doc] = total
    return out


@pytest.mark.parametrize("terms", [["spijbel"], ["school", "jong", "onbekend"], TERMS, ["okan", "nood_spijbelen"]])
def test_scores_are_exactly_fts5_bm25_summed_in_query_order(terms: list[str]) -> None:
    rows = _rows(300)
    scores = IndexState(rows).scores(terms)
    expected = fts5_bm25(rows, terms)
    assert scores is not None
    assert {d: float(scores[d]) for d in np.flatnonzero(scores > 0).tolist()} == expected


def test_index_does_not_depend_on_the_chunk_size() -> None:
    rows = _rows(257)
    whole, chunked = IndexState(rows), IndexState(rows, chunk=10)
    assert np.array_equal(whole.doc, chunked.doc) and np.array_equal(whole.starts, chunked.starts)
    assert np.array_equal(whole.value, chunked.value)
    assert whole.facet_bits == chunked.facet_bits and whole.band_bits == chunked.band_bits
    assert whole.free_bits == chunked.free_bits and whole.word_counts == chunked.word_counts


def test_unknown_terms_score_nothing_and_add_no_term() -> None:
    state = IndexState(_rows(20))
    known = len(state.vocab)
    assert state.scores(["kwaxoplim"]) is None and state.df("kwaxoplim") == 0
    assert len(state.vocab) == known


def test_bitsets_and_masks_round_trip() -> None:
    mask = np.zeros(1001, dtype=bool)
    mask[[0, 7, 8, 500, 1000]] = True
    bits = to_bits(mask)
    assert bits == (1 << 0) | (1 << 7) | (1 << 8) | (1 << 500) | (1 << 1000) == bitset([0, 7, 8, 500, 1000], 1001)
    assert np.array_equal(to_mask(bits, 1001), mask)


def test_age_filter_keeps_services_whose_range_holds_the_age_or_is_open() -> None:
    rows = _rows(200)
    state = IndexState(rows)
    got = to_mask(state.age_bits(20), state.size)
    for i, row in enumerate(rows):
        fits = (row["min_age"] is None or 20 >= row["min_age"]) and (row["max_age"] is None or 20 <= row["max_age"])
        assert got[i] == fits


def test_an_empty_index_searches_nothing() -> None:
    state = IndexState([])
    assert state.size == 0 and state.scores(["school"]) is None and state.all == 0


def _token(session) -> int:  # type: ignore[no-untyped-def]
    return session.execute(select(SearchState.token).where(SearchState.id == 1)).scalar_one()


def test_every_write_to_the_index_replaces_the_state_token(db: Database) -> None:
    """Insert, update, delete and the cascade from a deleted service all give a new token (triggers)."""
    rows = build_rows(factories.result(factories.organization(services=[
        factories.service("Spijbelcoaching"), factories.service("Huiswerkklas")])), load_taxonomies())
    with db.session() as session:
        for name in TABLE_ORDER:
            if rows[name]:
                session.execute(insert(Base.metadata.tables[name]), list(rows[name].values()))
    seen = set()
    first, second = sorted(rows["service"])
    writes = [
        lambda session: reindex(session),
        lambda session: session.execute(update(SearchDocument).values(description="anders")),
        lambda session: session.execute(delete(SearchDocument).where(SearchDocument.service_id == first)),
        lambda session: session.execute(delete(Service).where(Service.id == second)),  # ON DELETE CASCADE
    ]
    with db.session() as session:
        seen.add(_token(session))
    for write in writes:  # each in its own transaction: each commit leaves a new token
        with db.session() as session:
            write(session)
        with db.session() as session:
            seen.add(_token(session))
    with db.session() as session:
        assert session.execute(select(SearchDocument.service_id)).first() is None
    assert len(seen) == 5


def test_inside_a_writing_transaction_nothing_is_cached_under_the_token(db: Database) -> None:
    """PostgreSQL's triggers replace the token at a transaction's first write only; inside that
    transaction the fingerprint is a value never seen again, so no cache is kept or reused under it
    (SQLite's row triggers replace the token at every row anyway)."""
    rows = build_rows(factories.result(factories.organization(services=[factories.service("Spijbelcoaching")])),
                      load_taxonomies())
    with db.session() as session:
        for name in TABLE_ORDER:
            if rows[name]:
                session.execute(insert(Base.metadata.tables[name]), list(rows[name].values()))
    with db.session() as session:
        before = fingerprint(session)
        assert fingerprint(session) == before  # a reading transaction: stable
        reindex(session)
        inside = [fingerprint(session) for _ in range(2)]
        session.execute(update(SearchDocument).values(description="anders"))
        inside.append(fingerprint(session))
        assert before not in inside and inside[2] != inside[0]
        if session.get_bind().dialect.name == "postgresql":
            assert inside[0] != inside[1]  # nothing kept under a token this transaction holds
    with db.session() as session:
        after = fingerprint(session)
        assert after != before and fingerprint(session) == after
        if session.get_bind().dialect.name == "postgresql":
            assert after not in inside

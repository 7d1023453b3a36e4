"""Canonical values and table digests: equal for the same data read from SQLite and PostgreSQL,
different for different data."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from wegwijzer.dbtools.normalise import TableDigest, canonical, canonical_number, encode_row, table_digest

BRUSSELS_WINTER = timezone(timedelta(hours=1))


@pytest.mark.parametrize(("value", "text"), [
    (2, "2"), (2.0, "2"), (Decimal("2.00"), "2"), (Decimal("2E+1"), "20"),
    (0.1, "0.1"), (Decimal("0.10"), "0.1"), (1.5, "1.5"), (-3.25, "-3.25"),
    (0, "0"), (0.0, "0"), (-0.0, "0"), (Decimal("0E-7"), "0"),
    (1e20, "100000000000000000000"), (1.5e-7, "0.00000015"), (12345678901234567890, "12345678901234567890"),
    (math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity"), (Decimal("NaN"), "NaN"),
])
def test_numbers_have_one_text_whatever_their_type(value: int | float | Decimal, text: str) -> None:
    assert canonical_number(value) == text


def test_a_float_keeps_its_shortest_exact_digits() -> None:
    assert canonical_number(0.1 + 0.2) == "0.30000000000000004"  # not rounded away: it is the stored value
    assert canonical_number(0.1 + 0.2) != canonical_number(0.3)


def test_bool_is_not_a_number() -> None:
    with pytest.raises(TypeError):
        canonical_number(True)
    assert canonical(True) != canonical(1)
    assert canonical(False) != canonical(0)


def test_the_same_instant_is_equal_naive_utc_aware_utc_and_aware_elsewhere() -> None:
    naive = datetime(2026, 1, 31, 9, 5, 7, 123456)  # how SQLite gives back DateTime(timezone=True)
    aware = datetime(2026, 1, 31, 9, 5, 7, 123456, tzinfo=UTC)  # PostgreSQL, session in UTC
    brussels = datetime(2026, 1, 31, 10, 5, 7, 123456, tzinfo=BRUSSELS_WINTER)  # session in Europe/Brussels
    assert canonical(naive) == canonical(aware) == canonical(brussels) == {"dt": "2026-01-31T09:05:07.123456Z"}


def test_different_instants_and_microseconds_differ() -> None:
    base = datetime(2026, 1, 31, 9, 5, 7, 123456, tzinfo=UTC)
    assert canonical(base) != canonical(base + timedelta(microseconds=1))
    assert canonical(base) != canonical(base.replace(tzinfo=BRUSSELS_WINTER))


def test_kinds_are_kept_apart() -> None:
    assert canonical("1") != canonical(1)
    assert canonical("2026-01-31") != canonical(date(2026, 1, 31))
    assert canonical(date(2026, 1, 31)) != canonical(datetime(2026, 1, 31))
    assert canonical("") != canonical(None)
    assert canonical(None) is None


def test_dates_times_bytes_and_uuids() -> None:
    assert canonical(date(2026, 1, 31)) == {"d": "2026-01-31"}
    assert canonical(time(9, 5)) == {"t": "09:05:00.000000"}
    assert canonical(b"\x00\xff") == canonical(memoryview(b"\x00\xff")) == canonical(bytearray(b"\x00\xff"))
    key = uuid.uuid4()
    assert canonical(key) == canonical(str(key))  # a PostgreSQL uuid column against SQLite's text


def test_json_ignores_key_order_and_number_spelling_but_not_structure() -> None:
    assert canonical({"b": 1, "a": [1.0, "x"]}) == canonical({"a": [1, "x"], "b": Decimal("1.0")})
    assert canonical({"a": 1}) != canonical({"a": "1"})
    assert canonical({"n": "1"}) != canonical(1)  # an object that looks like a tagged number is not one
    assert canonical({"a": [1]}) != canonical({"a": 1})
    assert canonical([1, 2]) == canonical((1, 2))


def test_unknown_types_are_refused_rather_than_guessed() -> None:
    with pytest.raises(TypeError):
        canonical(object())
    with pytest.raises(TypeError):
        canonical(time(9, 5, tzinfo=UTC))


def test_a_row_is_encoded_in_the_given_column_order_whatever_the_mapping_order() -> None:
    one = {"id": "a", "ok": True, "at": datetime(2026, 1, 1)}
    other = {"at": datetime(2026, 1, 1, tzinfo=UTC), "ok": True, "id": "a"}
    assert encode_row(one, ["at", "id", "ok"]) == encode_row(other, ["at", "id", "ok"])


def test_table_digest_is_equal_for_the_same_rows_read_by_either_database() -> None:
    sqlite_rows = [{"id": "a", "free": True, "age": 12.0, "at": datetime(2026, 1, 1, 8, 0)},
                   {"id": "b", "free": None, "age": None, "at": None}]
    postgres_rows = [{"at": datetime(2026, 1, 1, 9, 0, tzinfo=BRUSSELS_WINTER), "age": Decimal("12"), "free": True,
                      "id": "a"},
                     {"at": None, "age": None, "free": None, "id": "b"}]
    assert table_digest(["id", "free", "age", "at"], sqlite_rows) == table_digest(["at", "age", "free", "id"],
                                                                                   postgres_rows)


def test_table_digest_changes_with_any_value_the_order_and_the_columns() -> None:
    rows = [{"id": "a", "n": 1}, {"id": "b", "n": 2}]
    count, digest = table_digest(["id", "n"], rows)
    assert count == 2
    assert table_digest(["id", "n"], [{"id": "a", "n": 1}, {"id": "b", "n": 3}])[1] != digest
    assert table_digest(["id", "n"], list(reversed(rows)))[1] != digest
    assert table_digest(["id", "n"], rows[:1])[1] != digest
    assert table_digest(["id", "m"], [{"id": "a", "m": 1}, {"id": "b", "m": 2}])[1] != digest
    # text that would collide if fields were simply joined
    assert table_digest(["a", "b"], [{"a": "x,", "b": "y"}]) != table_digest(["a", "b"], [{"a": "x", "b": ",y"}])


def test_empty_tables_digest_by_their_columns() -> None:
    empty = TableDigest(["id"])
    assert empty.count == 0
    assert empty.hexdigest() == TableDigest(["id"]).hexdigest() != TableDigest(["id", "x"]).hexdigest()

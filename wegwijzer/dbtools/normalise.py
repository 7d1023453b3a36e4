"""Values and rows in one canonical form, so that SQLite and PostgreSQL copies can be compared.

The same row read from SQLite and from PostgreSQL comes back as different Python values:
a naive UTC ``datetime`` versus an aware one in the session's time zone, ``1`` versus ``True``
(when read without types), a ``float`` versus a ``Decimal``, a JSON text versus a parsed object.
``canonical`` maps each to one tagged, JSON-serialisable value; ``TableDigest`` hashes a table's
rows (in primary-key order) into a count and a SHA-256 hex digest.

Pure functions: no database, no I/O.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

Canonical = None | bool | str | list[Any] | dict[str, Any]


def canonical_number(value: int | float | Decimal) -> str:
    """A number as the shortest exact decimal text: ``2``, ``2.0`` and ``Decimal('2.00')`` are all ``"2"``.

    Floats are read through ``repr`` (the shortest text that round-trips), so ``0.1`` is ``"0.1"``
    and not the 55 digits of its binary value; NaN and the infinities keep their names.
    """
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        value = Decimal(repr(value))
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"  # 0, 0.0, -0.0 and Decimal("0E-5") are the same stored value
    return format(value.normalize(), "f")


def canonical_datetime(value: datetime) -> str:
    """An instant in UTC with microseconds, e.g. ``2026-01-31T09:05:00.000000Z``.

    Naive values are taken as UTC: that is how SQLite stores ``DateTime(timezone=True)``.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    else:
        value = value.replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def canonical_json(value: Any) -> Canonical:
    """A parsed JSON value, every node tagged (``o`` object with sorted keys, ``a`` array, ``n`` number,
    ``s`` text), so that no JSON value can be mistaken for another and ``1`` equals ``1.0``."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"s": value}
    if isinstance(value, int | float | Decimal):
        return {"n": canonical_number(value)}
    if isinstance(value, Mapping):
        return {"o": {str(k): canonical_json(value[k]) for k in sorted(value, key=str)}}
    if isinstance(value, list | tuple):
        return {"a": [canonical_json(v) for v in value]}
    return canonical(value)


def canonical(value: Any) -> Canonical:
    """One value in a tagged canonical form: ``None``, ``True``/``False`` or ``{"<tag>": text}``.

    Tags keep kinds apart (the text ``"1"`` is not the number ``1``, a date is not its text).
    """
    kind = type(value)  # fast paths for the common exact types; subclasses take the long way below
    if kind is str:
        return {"s": value}
    if kind is int:
        return {"n": str(value)}
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return {"n": canonical_number(value)}
    if isinstance(value, str):
        return {"s": value}
    if isinstance(value, datetime):  # before date: a datetime is a date
        return {"dt": canonical_datetime(value)}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise TypeError("times with a time zone cannot be compared across databases")
        return {"t": value.strftime("%H:%M:%S.%f")}
    if isinstance(value, timedelta):
        return {"td": canonical_number(Decimal(value.days * 86400 + value.seconds) + Decimal(value.microseconds)
                                       / Decimal(1_000_000))}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b": bytes(value).hex()}
    if isinstance(value, uuid.UUID):
        return {"s": str(value)}  # a PostgreSQL uuid column equals the text SQLite stores
    if isinstance(value, Mapping | list | tuple):
        return {"j": canonical_json(value)}
    raise TypeError(f"no canonical form for a value of type {type(value).__name__}")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_row(row: Mapping[str, Any], columns: Sequence[str]) -> bytes:
    """One row as one line of canonical JSON, columns in the given order (name-sorted by callers)."""
    return (_JSON.encode([canonical(row[name]) for name in columns]) + "\n").encode("utf-8")


class TableDigest:
    """Count and SHA-256 of a table's rows, fed one row at a time (constant memory).

    The digest depends on the order of the rows: feed them sorted by primary key.
    """

    def __init__(self, columns: Iterable[str]) -> None:
        self.columns = sorted(columns)
        self.count = 0
        self._hash = hashlib.sha256(json.dumps(self.columns).encode("utf-8") + b"\n")

    def add(self, row: Mapping[str, Any]) -> None:
        self._hash.update(encode_row(row, self.columns))
        self.count += 1

    def add_all(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.add(row)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def table_digest(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> tuple[int, str]:
    """``(count, sha256 hex)`` of rows already sorted by primary key."""
    digest = TableDigest(columns)
    digest.add_all(rows)
    return digest.count, digest.hexdigest()

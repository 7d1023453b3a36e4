"""Values as CSV cells for the HSDS tabular form (pure functions).

Table Schema's default formats: ``number`` without a trailing ``.0`` for whole numbers,
``date`` as ``YYYY-MM-DD``, ``time`` as ``hh:mm:ss``, ``datetime`` as ISO 8601 in UTC with
``Z`` (the same text as the JSON export and the API), booleans as ``true``/``false``; a
missing value (``None``) is an empty cell.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from wegwijzer.publish.opendata_schema import HsdsTable

_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class CellError(ValueError):
    """A value that cannot be written as the field's type."""


def iso_datetime(value: datetime) -> str:
    """UTC, milliseconds, ``Z`` (naive values, as SQLite returns them, are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def number_cell(value: Any) -> str:
    if isinstance(value, bool):
        raise CellError(f"not a number: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(f"not a finite number: {value!r}")
        if value == int(value):
            return str(int(value))
        return format(value, "f").rstrip("0") if isinstance(value, Decimal) else repr(float(value))
    text = str(value).strip().replace(",", ".")
    try:
        return number_cell(float(text))
    except ValueError:
        raise CellError(f"not a number: {value!r}") from None


def date_cell(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_datetime(value)[:10]
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _DATE.match(text):
        raise CellError(f"not a date (YYYY-MM-DD): {value!r}")
    return text[:10]


def time_cell(value: Any) -> str:
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    match = _TIME.match(str(value).strip())
    if not match:
        raise CellError(f"not a time (hh:mm): {value!r}")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    if hours > 23 or minutes > 59 or seconds > 59:
        raise CellError(f"not a time (hh:mm): {value!r}")
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def datetime_cell(value: Any) -> str:
    if isinstance(value, datetime):
        return iso_datetime(value)
    text = str(value).strip()
    try:
        return iso_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise CellError(f"not a date and time: {value!r}") from None


def boolean_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    raise CellError(f"not a boolean: {value!r}")


def string_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, float):
        return number_cell(value)
    return str(value)


FORMATTERS = {
    "number": number_cell,
    "integer": number_cell,
    "date": date_cell,
    "time": time_cell,
    "datetime": datetime_cell,
    "boolean": boolean_cell,
    "string": string_cell,
}


def cell(value: Any, field_type: str) -> str:
    """One value as the CSV text of a field of this Table Schema type; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and field_type != "string" and not value.strip():
        return ""  # an empty date, number, ... is a missing value
    return FORMATTERS.get(field_type, string_cell)(value)


def table_rows(table: HsdsTable, rows: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """The header and one line per row, HSDS fields only, in HSDS order; other keys are left out."""
    out = [table.field_names]
    for row in rows:
        line = []
        for field in table.fields:
            try:
                line.append(cell(row.get(field.name), field.type))
            except CellError as exc:
                raise CellError(f"{table.name} {row.get('id', '?')} {field.name}: {exc}") from None
        out.append(line)
    return out


def csv_bytes(lines: list[list[str]]) -> bytes:
    """RFC 4180 CSV in UTF-8 (CRLF line ends, quotes only where needed)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue().encode("utf-8")

"""Values as CSV cells of the HSDS tabular form: numbers, dates, times, booleans, empty values."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from wegwijzer.publish.opendata_format import CellError, cell, csv_bytes, table_rows
from wegwijzer.publish.opendata_schema import hsds_tables

CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(("value", "field_type", "expected"), [
    (None, "string", ""),
    (None, "number", ""),
    (None, "date", ""),
    ("", "string", ""),
    ("", "number", ""),
    ("  ", "date", ""),
    ("tekst, met \"aanhalingstekens\"", "string", "tekst, met \"aanhalingstekens\""),
    (12.0, "number", "12"),
    (12.5, "number", "12.5"),
    (0.0, "number", "0"),
    (3, "number", "3"),
    (Decimal("12.50"), "number", "12.5"),
    ("12,5", "number", "12.5"),
    (" 18 ", "number", "18"),
    (datetime(2026, 11, 28, 21, 49, 15, 522852), "datetime", "2026-11-28T21:49:15.522Z"),
    (datetime(2026, 11, 28, 22, 0, tzinfo=CET), "datetime", "2026-11-28T21:00:00.000Z"),
    ("2026-11-28T21:49:15Z", "datetime", "2026-11-28T21:49:15.000Z"),
    (datetime(2026, 11, 28, 0, 30, tzinfo=CET), "date", "2026-11-27"),
    (date(2026, 1, 2), "date", "2026-01-02"),
    ("2026-01-02", "date", "2026-01-02"),
    ("2026-01-02 10:00:00", "date", "2026-01-02"),
    ("17:00", "time", "17:00:00"),
    ("9.30", "time", "09:30:00"),
    ("9h30", "time", "09:30:00"),
    ("08:15:05", "time", "08:15:05"),
    (time(8, 15, 5, 120), "time", "08:15:05"),
    (True, "boolean", "true"),
    (False, "boolean", "false"),
    (True, "string", "true"),
    (15.0, "string", "15"),
    (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "string", "2026-01-02T03:04:05.000Z"),
])
def test_cell_writes_the_table_schema_default_format(value: object, field_type: str, expected: str) -> None:
    assert cell(value, field_type) == expected


@pytest.mark.parametrize(("value", "field_type"), [
    ("twaalf", "number"),
    (True, "number"),
    (float("nan"), "number"),
    (float("inf"), "number"),
    ("gisteren", "date"),
    ("28/11/2026", "date"),
    ("25:00", "time"),
    ("12:61", "time"),
    ("'s middags", "time"),
    ("morgen", "datetime"),
    ("ja", "boolean"),
])
def test_cell_refuses_a_value_that_is_not_of_the_field_type(value: object, field_type: str) -> None:
    with pytest.raises(CellError):
        cell(value, field_type)


def _table(name: str):
    return hsds_tables([name])[0]


def test_rows_follow_the_hsds_field_order_and_leave_internal_columns_out() -> None:
    service = _table("service")
    row = {"id": "s1", "organization_id": "o1", "name": "Time-out", "status": "active", "minimum_age": 12.0,
           "maximum_age": 18.0, "last_modified": datetime(2026, 1, 2, 3, 4, 5), "source_fiche": "7",
           "source_line_start": 10, "source_line_end": 20, "version": 3, "sort_order": 2}
    header, line = table_rows(service, [row])
    assert header[:4] == ["id", "organization_id", "program_id", "name"]
    assert not {"source_fiche", "source_line_start", "source_line_end", "version", "sort_order"} & set(header)
    values = dict(zip(header, line, strict=True))
    assert values["minimum_age"] == "12" and values["maximum_age"] == "18"
    assert values["last_modified"] == "2026-01-02T03:04:05.000Z"
    assert values["program_id"] == "" and values["alert"] == ""  # absent and empty are the same: no value
    assert "3" not in line and "7" not in line  # neither the row version nor the source fiche leak


def test_a_bad_value_names_table_record_and_field() -> None:
    with pytest.raises(CellError, match=r"schedule sch-1 opens_at"):
        table_rows(_table("schedule"), [{"id": "sch-1", "opens_at": "'s ochtends"}])


def test_csv_is_utf8_rfc4180_and_reads_back_the_same() -> None:
    lines = [["id", "description"], ["a", "Eerste regel\nTweede, met komma en \"quotes\""],
             ["b", "Schaerbeek – Schaarbeek é"]]
    data = csv_bytes(lines)
    assert data.startswith(b"id,description\r\n")
    assert "é".encode() in data
    assert list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) == lines

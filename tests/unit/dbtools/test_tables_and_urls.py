"""Copy order and deferred columns, primary-key ordering per database, URL parsing, libpq strings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from wegwijzer.dbtools.errors import DbToolError
from wegwijzer.dbtools.pgtools import conninfo
from wegwijzer.dbtools.tables import order_by, plan
from wegwijzer.dbtools.urls import parse_url


def schema() -> MetaData:
    md = MetaData()
    Table("organization", md, Column("id", String(36), primary_key=True),
          Column("parent_id", String(36), ForeignKey("organization.id"), nullable=True))
    Table("service", md, Column("id", String(36), primary_key=True),
          Column("organization_id", String(36), ForeignKey("organization.id"), nullable=False))
    Table("phone", md, Column("id", Integer, primary_key=True),
          Column("service_id", String(36), ForeignKey("service.id")))
    return md


def test_plan_puts_parents_first_and_defers_self_references() -> None:
    plans = plan(schema())
    names = [p.name for p in plans]
    assert names.index("organization") < names.index("service") < names.index("phone")
    assert {p.name: p.deferred for p in plans} == {"organization": ("parent_id",), "service": (), "phone": ()}


def test_plan_defers_the_columns_of_a_foreign_key_cycle() -> None:
    md = MetaData()
    Table("a", md, Column("id", Integer, primary_key=True), Column("b_id", Integer, ForeignKey("b.id")))
    Table("b", md, Column("id", Integer, primary_key=True), Column("a_id", Integer, ForeignKey("a.id")))
    deferred = {p.name: p.deferred for p in plan(md)}
    assert sorted(deferred) == ["a", "b"]
    assert deferred["a"] == ("b_id",) or deferred["b"] == ("a_id",)


def test_plan_refuses_a_cycle_through_a_not_null_column() -> None:
    md = MetaData()
    Table("node", md, Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("node.id"), nullable=False))
    with pytest.raises(ValueError, match="NOT NULL"):
        plan(md)


def test_rows_are_ordered_by_bytes_on_postgresql_and_by_the_default_binary_collation_on_sqlite() -> None:
    organization = schema().tables["organization"]
    query = select(organization).order_by(*order_by(organization, "postgresql"))
    assert 'ORDER BY organization.id COLLATE "C"' in str(query.compile(dialect=postgresql.dialect()))
    query = select(organization).order_by(*order_by(organization, "sqlite"))
    assert str(query.compile(dialect=sqlite.dialect())).endswith("ORDER BY organization.id")
    phone = schema().tables["phone"]
    assert "COLLATE" not in str(select(phone).order_by(*order_by(phone, "postgresql")).compile(
        dialect=postgresql.dialect()))


@pytest.mark.parametrize("text", ["", "not a url", "/tmp/x.sqlite3", "sqlite://", "sqlite:///:memory:",
                                  "mysql://u@host/db", "postgresql+psycopg://u@host", "postgresql+asyncpg://u@h/db"])
def test_unusable_urls_are_refused_as_usage_errors(text: str) -> None:
    with pytest.raises(DbToolError) as caught:
        parse_url(text)
    assert caught.value.exit_code == 2


def test_urls_hide_their_password_and_use_psycopg() -> None:
    url = parse_url("postgresql://wegwijzer:geheim@db.example:5433/wegwijzer")
    assert url.url.drivername == "postgresql+psycopg"
    assert "geheim" not in str(url) and "***" in str(url)
    assert "geheim" in url.render()
    assert parse_url("postgres://u@h/d").url.drivername == "postgresql+psycopg"
    with pytest.raises(DbToolError) as caught:
        parse_url("mysql://u:geheim@host/db")
    assert "geheim" not in str(caught.value)


def test_same_database_compares_resolved_sqlite_paths_and_postgresql_addresses(tmp_path: Path) -> None:
    a = parse_url(f"sqlite:///{tmp_path}/db.sqlite3")
    assert a.same_database(parse_url(f"sqlite:///{tmp_path}/./sub/../db.sqlite3"))
    assert not a.same_database(parse_url(f"sqlite:///{tmp_path}/other.sqlite3"))
    pg = parse_url("postgresql+psycopg://u@localhost/db")
    assert pg.same_database(parse_url("postgresql+psycopg://v:pw@localhost:5432/db"))
    assert not pg.same_database(parse_url("postgresql+psycopg://u@localhost/db2"))


def test_conninfo_quotes_values_and_never_holds_the_password() -> None:
    url = parse_url("postgresql+psycopg://o'brien:geheim@db.example:5433/weg wijzer?sslmode=require")
    info = conninfo(url)
    assert "geheim" not in info
    assert "user='o\\'brien'" in info and "dbname='weg wijzer'" in info
    assert "port='5433'" in info and "sslmode='require'" in info and "connect_timeout='10'" in info

"""Alembic owns the schema: migrations produce exactly the models' tables."""

from alembic import command
from alembic.util.exc import CommandError
from sqlalchemy import inspect

from wegwijzer.db import Database, alembic_config, current_revision, head_revision
from wegwijzer.directory.models import Base


def test_new_database_is_upgraded_to_head(db: Database) -> None:
    assert current_revision(db.engine) == head_revision(db.url)
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_models_and_migrations_agree(db: Database) -> None:
    cfg = alembic_config(db.url)
    try:
        command.check(cfg)
    except CommandError as exc:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"models differ from migrations: {exc}") from None


def test_opening_twice_is_harmless(database_url: str) -> None:
    Database(database_url).dispose()
    again = Database(database_url)
    assert current_revision(again.engine) == head_revision(database_url)
    again.dispose()

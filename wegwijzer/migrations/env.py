"""Alembic environment: runs on a connection handed in by wegwijzer.db, or on the URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from wegwijzer.accounts import models as accounts_models  # noqa: F401  (registers tables)
from wegwijzer.directory import models  # noqa: F401  (registers tables)
from wegwijzer.directory import state as directory_state  # noqa: F401  (registers data_state)
from wegwijzer.directory.models import Base
from wegwijzer.editorial import freshness_models  # noqa: F401  (registers link_check)
from wegwijzer.editorial import models as editorial_models  # noqa: F401  (registers suggestion, baseline)
from wegwijzer.insight import models as insight_models  # noqa: F401  (registers search_demand)
from wegwijzer.search.models import SearchBase

config = context.config
target_metadata = [Base.metadata, SearchBase.metadata]


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave SQLite's FTS5 tables (search_fts and its shadow tables) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("search_fts"))


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)

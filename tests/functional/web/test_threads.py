"""Each worker runs at most ``WEGWIJZER_THREADS`` requests at once (see ``wegwijzer.app.lifespan``)."""

from __future__ import annotations

from pathlib import Path

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from wegwijzer.app import create_app
from wegwijzer.config import Settings
from wegwijzer.db import Database


def _limit(client: TestClient) -> int:
    async def tokens() -> int:
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    assert client.portal is not None
    return client.portal.call(tokens)


@pytest.mark.parametrize("threads", [1, 8, 14])
def test_the_app_runs_at_most_the_configured_number_of_requests_at_once(db: Database, tmp_path: Path,
                                                                        threads: int) -> None:
    with TestClient(create_app(Settings(home=tmp_path, database_url=db.url, threads=threads), db)) as client:
        assert _limit(client) == threads


def test_more_threads_than_the_connection_pool_can_serve_twice_are_refused() -> None:
    with pytest.raises(ValueError, match="threads"):
        Settings(threads=15)

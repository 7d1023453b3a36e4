"""Files written atomically: a private temporary file in the target folder, renamed when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """An empty private (mode 0600) file in ``path``'s folder, removed afterwards unless renamed."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def durable_rename(temporary: Path, final: Path) -> None:
    """Flush ``temporary`` to disk, then rename it to ``final`` in one step (and flush the folder)."""
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    with contextlib.suppress(OSError):  # not every file system can sync a folder
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

"""Writing the open data: one file or one folder at a time, atomically, and the zip of a folder.

A failed export leaves nothing half-written: files are written to a temporary name beside the
target and renamed into place; a folder is built beside the target and swapped in whole.
Messages are Dutch (they reach the command line).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from wegwijzer.publish.opendata import DATAPACKAGE, OpenDataError

FILE_MODE = 0o644
#: zip entries carry this time when the data has no date (the zip format cannot go earlier)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file beside it, then rename)."""
    if path.exists() and path.is_dir():
        raise OpenDataError(f"{path} is een map; geef een bestandsnaam op.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OpenDataError(f"kan niet schrijven naar {path}: {_reason(exc)}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it private; an export is meant to be shared
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OpenDataError(f"kan niet schrijven naar {path}: {_reason(exc)}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _replaceable(folder: Path) -> bool:
    """An existing folder we may replace: empty, or holding only an earlier datapackage."""
    entries = list(folder.iterdir())
    if not entries:
        return True
    names = {e.name for e in entries}
    return DATAPACKAGE in names and all(e.is_file() and (e.suffix == ".csv" or e.name == DATAPACKAGE)
                                        for e in entries)


def write_folder(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` as the whole content of ``folder``, atomically.

    The folder may be new, empty or an earlier export (datapackage.json and CSV files only);
    anything else is refused, so that no unrelated file is ever removed.
    """
    if folder.exists() and not folder.is_dir():
        raise OpenDataError(f"{folder} bestaat al en is geen map.")
    if folder.is_dir() and not _replaceable(folder):
        raise OpenDataError(f"{folder} bevat andere bestanden dan een datapackage; kies een lege of nieuwe map.")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise OpenDataError(f"kan niet schrijven naar {folder}: {_reason(exc)}.") from None
    old: Path | None = None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.chmod(0o755)  # mkdtemp makes it private
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex[:12]}")
            os.replace(folder, old)
        os.replace(staging, folder)
    except OSError as exc:
        if old is not None and not folder.exists():
            os.replace(old, folder)  # put the earlier export back
            old = None
        shutil.rmtree(staging, ignore_errors=True)
        raise OpenDataError(f"kan niet schrijven naar {folder}: {_reason(exc)}.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [folder / name for name in files]


def zip_bytes(files: Mapping[str, bytes], when: datetime | None = None) -> bytes:
    """The files as one zip (deflated, in the given order); the same files and date give the same bytes."""
    if when is not None and when.tzinfo is not None:
        when = when.astimezone(UTC)
    stamp = ZIP_EPOCH if when is None else max(ZIP_EPOCH, tuple(when.timetuple())[:6])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()

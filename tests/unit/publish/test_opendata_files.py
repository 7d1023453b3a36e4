"""Writing open data: whole files and folders or nothing, and a reproducible zip."""

from __future__ import annotations

import io
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from wegwijzer.publish.opendata import OpenDataError
from wegwijzer.publish.opendata_files import write_file, write_folder, zip_bytes

FILES = {"datapackage.json": b"{}\n", "services.csv": b"id\r\n"}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_write_file_creates_the_folder_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "services.ndjson"
    write_file(target, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    assert leftovers(target.parent) == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_file_replaces_an_earlier_export(tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    target.write_bytes(b"oud")
    write_file(target, b"nieuw")
    assert target.read_bytes() == b"nieuw"


def test_write_file_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OpenDataError, match="is een map"):
        write_file(tmp_path, b"x")


def test_write_file_under_a_file_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("blijft")
    with pytest.raises(OpenDataError, match="kan niet schrijven"):
        write_file(tmp_path / "bestand" / "out.json", b"x")
    assert (tmp_path / "bestand").read_text() == "blijft"


def test_write_folder_creates_a_new_folder(tmp_path: Path) -> None:
    paths = write_folder(tmp_path / "dp", FILES)
    assert sorted(p.name for p in paths) == sorted(FILES)
    assert (tmp_path / "dp" / "services.csv").read_bytes() == b"id\r\n"
    assert leftovers(tmp_path) == []


def test_write_folder_replaces_an_earlier_datapackage_whole(tmp_path: Path) -> None:
    folder = tmp_path / "dp"
    write_folder(folder, {**FILES, "programs.csv": b"id\r\n"})
    write_folder(folder, FILES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)  # no stale CSV of an older export
    assert leftovers(tmp_path) == []


def test_write_folder_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "dp").mkdir()
    write_folder(tmp_path / "dp", FILES)
    assert (tmp_path / "dp" / "datapackage.json").exists()


def test_write_folder_never_removes_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "documenten"
    folder.mkdir()
    (folder / "notities.txt").write_text("belangrijk")
    with pytest.raises(OpenDataError, match="andere bestanden"):
        write_folder(folder, FILES)
    assert [p.name for p in folder.iterdir()] == ["notities.txt"]


def test_write_folder_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "dp").write_text("x")
    with pytest.raises(OpenDataError, match="geen map"):
        write_folder(tmp_path / "dp", FILES)


def test_a_failed_folder_write_keeps_the_earlier_export_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "dp"
    write_folder(folder, FILES)
    with pytest.raises(OpenDataError):
        write_folder(folder, {"datapackage.json": b"nieuw", "map/bestaat/niet.csv": b"x"})
    assert (folder / "datapackage.json").read_bytes() == b"{}\n"
    assert leftovers(tmp_path) == []


def test_zip_holds_the_files_in_order_and_is_reproducible() -> None:
    when = datetime(2026, 3, 4, 5, 6, 8)
    data = zip_bytes(FILES, when)
    assert data == zip_bytes(dict(FILES), when)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == list(FILES)
        assert archive.read("services.csv") == b"id\r\n"
        assert archive.getinfo("datapackage.json").date_time == (2026, 3, 4, 5, 6, 8)
        assert archive.testzip() is None
    assert zip_bytes(FILES, None) != data  # the date of the data is in the zip

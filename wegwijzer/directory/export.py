"""Export the directory as HSDS 3.0 JSON files (services.json, organizations.json)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from wegwijzer.directory.hsds import Snapshot, organization_object, service_object
from wegwijzer.directory.validate import errors


class ExportError(RuntimeError):
    """The export could not be written; the message is user-facing."""


@dataclass
class ExportResult:
    services: int
    organizations: int
    files: list[Path]
    errors: list[str]


def hsds_documents(session: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    snap = Snapshot.load(session)
    services = [service_object(snap, s["id"]) for s in snap.services()]
    organizations = [organization_object(snap, o["id"], with_services=True) for o in snap.organizations()]
    return services, organizations


def _write_atomic(path: Path, data: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_hsds(session: Session, out_dir: Path, validate: bool = True) -> ExportResult:
    """Write services.json and organizations.json; with ``validate``, refuse to write invalid output."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a folder.")
    services, organizations = hsds_documents(session)
    problems: list[str] = []
    if validate:
        for svc in services:
            problems.extend(errors(svc, "service"))
        for org in organizations:
            problems.extend(errors(org, "organization"))
    if problems:
        return ExportResult(len(services), len(organizations), [], problems)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = [out_dir / "services.json", out_dir / "organizations.json"]
        _write_atomic(files[0], services)
        _write_atomic(files[1], organizations)
    except OSError as exc:
        raise ExportError(f"cannot write to {out_dir}: {exc.strerror}.") from None
    return ExportResult(len(services), len(organizations), files, [])

"""Validate objects against the HSDS 3.0 compiled schemas shipped with the package."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMAS = {"service": "service.json.gz", "organization": "organization.json.gz"}


@cache
def validator(kind: str) -> Draft202012Validator:
    # jsonschema's format checkers take over a second to import: only commands that validate pay for it
    from jsonschema import Draft202012Validator, FormatChecker  # noqa: PLC0415

    raw = resources.files("wegwijzer").joinpath("hsds").joinpath(SCHEMAS[kind]).read_bytes()
    schema = json.loads(gzip.decompress(raw))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(obj: dict[str, Any], kind: str) -> list[str]:
    """Human-readable validation errors ("path: message"); empty when the object is valid."""
    out = []
    for err in validator(kind).iter_errors(obj):
        path = "/".join(str(p) for p in err.absolute_path) or "(root)"
        out.append(f"{kind} {obj.get('id', '?')} {path}: {err.message}")
    return out

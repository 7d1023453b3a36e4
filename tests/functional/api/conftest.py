"""The API over a real SQLite copy of the imported infobundle, and the official HSDS 3.0 schemas.

Responses are validated against ``shared/hsds/3.0/schema`` (beside the checkout): every file is
registered under its published URL (``https://raw.githubusercontent.com/openreferral/specification/3.0/
schema/…``), so the OpenAPI document's and the schemas' references resolve to the local files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from wegwijzer.api.edge import install_api_middleware
from wegwijzer.api.errors import install_api_errors
from wegwijzer.db import Database

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SCHEMA_DIR = SHARED / "hsds" / "3.0" / "schema"
BASE_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def build_app(database: Database) -> FastAPI:
    """The real app; until ``wegwijzer/web/routes.py`` exists, the same API setup without the website."""
    try:
        from wegwijzer.app import create_app

        app = create_app(database=database)
    except ModuleNotFoundError as exc:
        if exc.name != "wegwijzer.web.routes":
            raise
        from wegwijzer.api.routes import router

        app = FastAPI(title="Wegwijzer", docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
        app.state.db = database
        app.include_router(router, prefix="/api")
    if not getattr(app.state, "api_errors_installed", False):  # until app.py calls them itself
        install_api_errors(app)
    if not getattr(app.state, "api_middleware_installed", False):
        install_api_middleware(app)
    return app


@pytest.fixture(scope="module")
def api_database(clone_imported: Callable[[], str]) -> Iterator[Database]:
    database = Database(clone_imported())
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def app(api_database: Database) -> FastAPI:
    return build_app(api_database)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


class HsdsSchemas:
    """Validators for the official HSDS 3.0 schemas and the OpenAPI response schemas."""

    def __init__(self, schema_dir: Path) -> None:
        resources = []
        for path in [*schema_dir.glob("*.json"), *schema_dir.glob("compiled/*.json")]:
            uri = BASE_URL + path.relative_to(schema_dir).as_posix()
            contents = json.loads(path.read_text(encoding="utf-8"))
            resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT202012)))
        self.registry: Registry = Registry().with_resources(resources)
        self.openapi = json.loads((schema_dir / "openapi.json").read_text(encoding="utf-8"))
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, ref: str) -> Draft202012Validator:
        if ref not in self._validators:
            self._validators[ref] = Draft202012Validator(
                {"$ref": ref}, registry=self.registry, format_checker=FormatChecker()
            )
        return self._validators[ref]

    def response_ref(self, path: str) -> str:
        """The schema of the official OpenAPI's 200 response of ``GET path`` (HSDS paths, without /api)."""
        pointer = path.replace("~", "~0").replace("/", "~1")
        return f"{BASE_URL}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"

    def errors(self, ref: str, instance: Any) -> list[str]:
        return [
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in self.validator(ref).iter_errors(instance)
        ]


@pytest.fixture(scope="session")
def hsds() -> HsdsSchemas | None:
    """The official schemas, or None without ``shared/`` (full objects then use the vendored compiled ones)."""
    if not (SCHEMA_DIR / "openapi.json").exists():
        return None
    return HsdsSchemas(SCHEMA_DIR)

"""Typed settings, read from ``WEGWIJZER_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEGWIJZER_", extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("wegwijzer", appauthor=False)),
        description="Data folder for the default SQLite database and generated files.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; default: a SQLite file 'wegwijzer.sqlite3' in the data folder.",
    )
    echo_sql: bool = Field(default=False, description="Log every SQL statement (debugging).")

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'wegwijzer.sqlite3'}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

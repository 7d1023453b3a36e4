"""Typed settings, read from ``WEGWIJZER_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "development-only-not-secret"


class ConfigError(RuntimeError):
    """A setting that cannot be used as it is (the message says which and why)."""


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
    # Accounts (see docs/accounts.md)
    environment: Literal["development", "production"] = Field(
        default="development",
        description="'development' (default) or 'production': production refuses the default secret_key.",
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET_KEY,
        description="Secret for CSRF tokens; must be set (long and random) when environment is production.",
    )
    cookie_secure: bool = Field(
        default=True, description="Mark login cookies Secure (HTTPS only); never in environment development.",
    )
    session_idle_minutes: int = Field(default=120, ge=1, description="A login session ends after this idle time.")
    session_max_hours: int = Field(default=12, ge=1, description="A login session ends this long after login.")
    mailer: Literal["file", "console", "smtp"] = Field(
        default="file", description="How e-mail is sent: 'file' (.eml files in <home>/mail), 'console' or 'smtp'.",
    )
    smtp_host: str = Field(default="localhost", description="SMTP server (mailer smtp).")
    smtp_port: int = Field(default=587, description="SMTP port (mailer smtp).")
    smtp_user: str = Field(default="", description="SMTP user name; empty: no SMTP login.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_starttls: bool = Field(default=True, description="Use STARTTLS with the SMTP server.")
    mail_from: str = Field(default="wegwijzer@localhost", description="Sender address of e-mails.")
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public address of the website (links in e-mails, the link checker's User-Agent).",
    )
    linkcheck: Literal["http", "off"] = Field(
        default="http", description="Link checker: 'http' checks websites over the network, 'off' checks nothing.",
    )
    linkcheck_timeout_seconds: float = Field(
        default=10.0, gt=0, le=300, description="Link checker: seconds to wait for each request before giving up.",
    )
    linkcheck_concurrency: int = Field(
        default=4, ge=1, le=32, description="Link checker: how many websites are checked at the same time.",
    )
    linkcheck_interval_hours: float = Field(
        default=0, ge=0, description="Run the link checker every N hours inside `wegwijzer serve` (0 = off).",
    )
    review_interval_days: int = Field(
        default=365, ge=1, description="A service is due for review when not checked (assured) for this many days.",
    )
    pdf_renderer: Literal["weasyprint", "off"] = Field(
        default="weasyprint", description="How the published infobundle PDF is made: 'weasyprint' or 'off' (no PDF).",
    )
    demand_flush_seconds: float = Field(
        default=5.0, ge=0, le=3600,
        description="Search demand counts are kept in memory and written every N seconds (0 = at every search).",
    )
    result_cache_size: int = Field(
        default=1024, ge=0, le=100_000,
        description="Searches and matches each worker keeps answered until the data changes (0 = none).",
    )
    # Serving (see docs/deploy.md)
    workers: int = Field(
        default=1, ge=1, le=64, description="Worker processes of `wegwijzer serve` (each loads its own caches).",
    )
    threads: int = Field(
        default=8, ge=1, le=14,
        description="Requests one worker handles at a time (its database pool keeps threads + 2 connections open).",
    )
    proxy_headers: bool = Field(
        default=False, description="Trust X-Forwarded-For/-Proto from forwarded_allow_ips (behind a reverse proxy).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1", description="Comma-separated addresses of the reverse proxies whose headers are trusted.",
    )

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'wegwijzer.sqlite3'}"
        return self

    def check_secrets(self) -> None:
        """Refuse to serve in production with the default secret key (called at startup)."""
        if self.environment == "production" and (self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32):
            raise ConfigError("WEGWIJZER_SECRET_KEY must be set to a long random value (at least 32 characters) "
                              "when WEGWIJZER_ENVIRONMENT is production.")

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return self.cookie_secure and self.environment != "development"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def cache_dir(self) -> Path:
        """Files shared by every worker of this data folder (rendered PDFs), safe to delete."""
        return self.home / "cache"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

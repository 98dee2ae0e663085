"""Every setting in one place, read from environment variables (documented in README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_DIR / 'data' / 'twitch-triage.db'}",
        description="SQLAlchemy URL; sqlite:///path or postgresql+psycopg://user@host/db",
    )
    retention_days: int = Field(default=90, ge=1, description="Days a result is kept")
    draft_days: int = Field(default=7, ge=1, description="Days unfinished answers are kept")
    public_base_url: str | None = Field(
        default=None, description="Absolute base URL for share links, e.g. https://example.org"
    )
    cookie_secure: bool = Field(default=False, description="Send cookies over HTTPS only")
    purge_on_startup: bool = True
    sqlite_busy_timeout_ms: int = 5000
    sqlite_synchronous: Literal["NORMAL", "FULL"] = Field(
        default="NORMAL",
        description="NORMAL: a commit survives the app crashing or being killed, and the "
                    "file is never corrupted, but a power cut may lose the last commits. "
                    "FULL: also survives a power cut; each commit then waits for the disk.",
    )
    db_pool_size: int = Field(default=10, ge=1,
                              description="Connections kept open; up to 41 under load")


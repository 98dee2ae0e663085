"""Every setting in one place, read from environment variables (documented in README.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.resources import CHECKOUT_DIR, default_data_dir

# The repository, for the tests and benches that run from it (the app itself finds its
# files through app.resources).
PROJECT_DIR = CHECKOUT_DIR


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the default SQLite database and secret key file")
    # Both default under data_dir (declared above, so already read when these are made).
    database_url: str = Field(
        default_factory=lambda data: f"sqlite:///{data['data_dir'] / 'twitch-triage.db'}",
        description="SQLAlchemy URL; sqlite:///path or postgresql+psycopg://user@host/db",
    )
    locale_dir: Path | None = Field(
        default=None, description="Folder of compiled translation catalogues "
        "(<code>/LC_MESSAGES/messages.mo); the shipped ones when unset")
    retention_days: int = Field(default=90, ge=1, description="Days a result is kept")
    draft_days: int = Field(default=7, ge=1, description="Days unfinished answers are kept")
    public_base_url: str | None = Field(
        default=None, description="Absolute base URL for share links, e.g. https://example.org"
    )
    allowed_hosts: str = Field(
        default="localhost,127.0.0.1",
        description="Comma-separated Host names answered (besides PUBLIC_BASE_URL's)",
    )
    cookie_secure: bool = Field(default=False, description="HTTPS only: Secure, __Host- "
                                                            "cookies and HSTS")
    secret_key: str | None = Field(
        default=None, description="Signs session cookies and CSRF tokens. Unset: a random "
                                  "key kept in SECRET_KEY_FILE")
    secret_key_file: Path = Field(default_factory=lambda data: data["data_dir"] / "secret-key")
    purge_interval_minutes: float = Field(
        default=60, ge=0, description="Delete expired results and drafts in the background "
                                      "just after start-up and then every so many minutes "
                                      "(0: never; run `python -m app purge` from cron)")
    migrate_on_start: bool = Field(
        default=True, description="Apply the migrations at start-up (else refuse to start "
                                  "on a database that is not up to date)")
    sqlite_busy_timeout_ms: int = 5000
    sqlite_synchronous: Literal["NORMAL", "FULL"] = Field(
        default="NORMAL",
        description="NORMAL: a commit survives the app crashing or being killed, and the "
                    "file is never corrupted, but a power cut may lose the last commits. "
                    "FULL: also survives a power cut; each commit then waits for the disk.",
    )
    worker_threads: int = Field(
        default=2, ge=1,
        description="Threads one process runs its handlers and their database work on. "
                    "Python runs one thread at a time, so more threads only take turns "
                    "(under load, 4 threads served ~15% fewer pages a second than 2, and "
                    "anyio's default of 40 a third fewer than 4). Writes get as many again "
                    "of their own. Raise it for a database across a network")
    db_pool_size: int = Field(default=10, ge=1,
                              description="Connections kept open; up to 41 under load")
    diary_max_entries: int = Field(default=2000, ge=1,
                                   description="Diary entries one result may hold")
    limit_concurrency: int = Field(
        default=500, ge=1,
        description="Connections plus requests one `python -m app serve` process holds at "
                    "once; past it, new requests get 503 at once (uvicorn --limit-concurrency)")
    timeout_keep_alive: int = Field(
        default=5, ge=1, description="Seconds an idle keep-alive connection is kept open "
                                     "(uvicorn --timeout-keep-alive)")
    forwarded_allow_ips: str | None = Field(
        default=None,
        description="Addresses of the reverse proxy whose X-Forwarded-Proto is believed "
                    "(uvicorn --forwarded-allow-ips); unset: no proxy header is believed")
    new_drafts_per_minute: int = Field(
        default=600, ge=1, description="New questionnaires and API submissions a process "
                                       "takes a minute from everyone (more get 429: a flood "
                                       "cannot fill the database)")
    client_writes_per_minute: int = Field(
        default=60, ge=1, description="New questionnaires and API submissions one address "
                                      "may make a minute (bursts of a third), counted in "
                                      "memory under a keyed hash of the address")

    def hosts(self) -> list[str]:
        """The Host names requests may carry: ALLOWED_HOSTS, and PUBLIC_BASE_URL's."""
        hosts = [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]
        if self.public_base_url:
            hosts.append(urlsplit(self.public_base_url).hostname or "")
        return hosts

    def signing_key(self) -> str:
        """SECRET_KEY, or a random key made once and kept (0600) in SECRET_KEY_FILE."""
        if self.secret_key:
            return self.secret_key
        path = self.secret_key_file
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole under another name, then linked: a second process starting at
            # the same moment either wins or reads the first one's key, never half of it.
            temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as f:
                f.write(secrets.token_hex(32))
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
        return path.read_text().strip()

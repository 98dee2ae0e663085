"""Engine and sessions, built from settings (never at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import Settings

THREADS = 40  # anyio's default limit for run_in_threadpool, which FastAPI uses


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    # On PostgreSQL handlers run, session and all, on a pool of 40 threads: with fewer
    # connections than threads, requests would queue for a connection (the load test once
    # timed out that way). SQLite is queried inline and uses only a few.
    pool = {"pool_size": settings.db_pool_size,
            "max_overflow": max(0, THREADS + 1 - settings.db_pool_size), "pool_timeout": 10}
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **pool)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000,
                      "check_same_thread": False},
        **pool,
    )
    busy_ms = int(settings.sqlite_busy_timeout_ms)
    synchronous = settings.sqlite_synchronous

    # WAL lets readers go on while one request writes; the busy timeout makes a second
    # writer wait instead of failing with "database is locked". With WAL, NORMAL syncs
    # at checkpoints rather than on every commit (an fsync here took ~210 us of a ~235 us
    # commit); see docs/operations.md for what that trades.
    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class Reader:
    """One connection kept open for the reads made outside a transaction (app.prepared),
    for an app that queries its database inline on one thread (SQLite): taking a pooled
    connection and giving it back cost more than the query. Opened on first use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any = None

    def connection(self) -> Any:
        """The kept DBAPI connection (opened on first use)."""
        if self._connection is None:
            self._connection = self.engine.raw_connection()
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def make_sessionmaker(engine: Engine, reader: Reader | None = None) -> sessionmaker[Session]:
    # Sessions carry the reader in their `info`, where app.prepared finds it.
    return sessionmaker(engine, expire_on_commit=False,
                        info={"reader": reader} if reader else None)



"""Engine and sessions, built from settings (never at import time)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import Settings

THREADS = 40  # anyio's default limit for run_in_threadpool, which serves every request


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    # Requests run, session and all, on a pool of 40 threads: with fewer connections than
    # threads, requests would queue for a connection (the load test once timed out so).
    # hide_parameters: an error's text never carries what a person typed, or a token.
    options = {"pool_size": settings.db_pool_size, "hide_parameters": True,
               "max_overflow": max(0, THREADS + 1 - settings.db_pool_size), "pool_timeout": 10}
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **options)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000,
                           "check_same_thread": False}, **options)
    busy_ms = int(settings.sqlite_busy_timeout_ms)
    synchronous = settings.sqlite_synchronous

    # WAL lets readers go on while one request writes; the busy timeout makes a second
    # writer wait (off the event loop) instead of failing with "database is locked". With
    # WAL, NORMAL syncs at checkpoints rather than on every commit; see docs/operations.md.
    # secure_delete overwrites deleted rows, so a deleted note is gone from the file too.
    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    _one_writer_at_a_time(engine, timeout=settings.sqlite_busy_timeout_ms / 1000)
    return engine


WRITING = "holds the writer lock"  # in a pooled connection's info while it writes
# The statements pysqlite begins a transaction for, and SQLite takes its write lock at.
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _one_writer_at_a_time(engine: Engine, timeout: float) -> None:
    """SQLite lets one connection write at a time. The others wait in its busy handler,
    which sleeps between tries, up to 100 ms at a time: under load a write waited ~1.3 s
    (p99) for a lock held a few milliseconds. Here the writers that share this engine (all
    of a process's requests) queue on a lock instead, and go on the moment it is free;
    SQLite's busy handler is left to writers in other processes (`python -m app purge` from
    cron), so such a writer may wait twice the busy timeout: once here, once in SQLite.

    The lock is taken before a transaction's first INSERT, UPDATE, DELETE or REPLACE, and
    given back once SQLite has committed or rolled back, or when the connection goes back
    to the pool. SQLAlchemy's commit and rollback events fire before the COMMIT is sent,
    so the dialect's own do_commit and do_rollback are wrapped instead. Waiting longer
    than the busy timeout is "database is locked", as SQLite's own wait would be: a 503
    with Retry-After."""
    lock = threading.Lock()

    @event.listens_for(engine, "before_cursor_execute")
    def _take(connection: Any, _cursor: Any, statement: str, _parameters: Any,
              _context: Any, _many: bool) -> None:
        if statement.lstrip()[:7].upper().startswith(WRITES) \
                and not connection.info.get(WRITING):
            if not lock.acquire(timeout=timeout):
                raise sqlite3.OperationalError("database is locked")
            connection.info[WRITING] = True

    def give_back(info: dict[str, Any]) -> None:
        if info.pop(WRITING, False):
            lock.release()

    def then_give_back(end: Callable[[Any], None]) -> Callable[[Any], None]:
        def ended(pooled_connection: Any) -> None:
            try:
                end(pooled_connection)
            finally:
                try:
                    info = pooled_connection.info
                except NotImplementedError:  # the connection SQLAlchemy first sets up
                    return
                give_back(info)
        return ended

    dialect = engine.dialect
    dialect.do_commit = then_give_back(dialect.do_commit)  # type: ignore[method-assign]
    dialect.do_rollback = then_give_back(dialect.do_rollback)  # type: ignore[method-assign]
    event.listen(engine.pool, "checkin", lambda _dbapi, record: give_back(record.info))


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)

"""Engines and sessions, built from settings (never at import time).

A request that writes uses a writer session; every other request a reader session.
On PostgreSQL both come from one engine. On SQLite, which lets one connection write at a
time, the writers have an engine of their own with one connection: a process's writers
queue for it in the pool, and the one waiting is woken the moment it is given back.
Left to SQLite, they would wait in its busy handler, which sleeps up to 100 ms between
tries: under load a write waited ~1.3 s (p99) for a lock held a few milliseconds.
SQLite's busy timeout still serves writers in other processes (`python -m app purge` from
cron), so such a writer may wait up to twice the busy timeout: once in the pool, once in
SQLite. Readers have a pool of their own and never wait for a writer (WAL).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import Settings

# Requests that may write, and the purge's batches, run on threads of their own, as many
# as the readers' (anyio's default limiter; settings.worker_threads): a write waiting for
# the database (on SQLite, for the writers' one connection, or another process's lock)
# never holds a thread that pages are read on. One limiter per event loop, as anyio keeps
# its default one.
_WRITER_THREADS: RunVar[CapacityLimiter] = RunVar("writer_threads")


def writer_threads() -> CapacityLimiter:
    try:
        return _WRITER_THREADS.get()
    except LookupError:
        limiter = CapacityLimiter(to_thread.current_default_thread_limiter().total_tokens)
        _WRITER_THREADS.set(limiter)
        return limiter


CHECKPOINT = "PRAGMA wal_checkpoint(TRUNCATE)"


@dataclass(frozen=True)
class Database:
    """What the app reaches storage through. `engine` serves readers, migrations, the
    health check and the purge; `writer` is the writers' engine (`engine` itself on
    PostgreSQL)."""

    engine: Engine
    writer: Engine
    sessions: sessionmaker[Session]
    writer_sessions: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()
        if self.writer is not self.engine:
            self.writer.dispose()


def make_database(settings: Settings) -> Database:
    engine = make_engine(settings)
    writer = make_writer_engine(settings) if engine.dialect.name == "sqlite" else engine
    return Database(engine, writer, make_sessionmaker(engine), make_sessionmaker(writer))


def make_engine(settings: Settings) -> Engine:
    """The engine for reading (and, in a process of its own, anything)."""
    url = make_url(settings.database_url)
    # Requests run, session and all, on WORKER_THREADS threads, and as many again for
    # writes: with fewer connections than threads, requests would queue for a connection
    # (the load test once timed out so).
    # Start-up takes connections too (on PostgreSQL, one waits on the migration lock while
    # its holder needs another): up to 41 in all, as before the threads were a setting.
    # hide_parameters: an error's text never carries what a person typed, or a token.
    options = {"pool_size": settings.db_pool_size, "hide_parameters": True,
               "max_overflow": max(0, max(2 * settings.worker_threads, 40) + 1
                                   - settings.db_pool_size),
               "pool_timeout": 10}
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **options)
    return _sqlite_engine(url, settings, **options)


def make_writer_engine(settings: Settings) -> Engine:
    """SQLite's writers' engine: one connection, whose transactions begin with BEGIN
    IMMEDIATE (the pysqlite recipe of SQLAlchemy's SQLite dialect documentation), so the
    write lock is taken at the start, never half-way through a transaction where SQLite
    could not wait for it. Waiting for the connection longer than the busy timeout is a
    pool timeout: a 503 with Retry-After, as SQLite's own "database is locked" is."""
    url = make_url(settings.database_url)
    engine = _sqlite_engine(url, settings, pool_size=1, max_overflow=0,
                            pool_timeout=settings.sqlite_busy_timeout_ms / 1000,
                            hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # pysqlite's own BEGIN, deferred, is off

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_engine(url: URL, settings: Settings, **options: Any) -> Engine:
    # A URI filename ("file:...?uri=true") is SQLite's to read, not a path of ours.
    if url.database and url.database != ":memory:" and not url.query.get("uri"):
        _private_file(Path(url.database))
    engine = create_engine(
        url, connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000,
                           "check_same_thread": False}, **options)
    busy_ms = int(settings.sqlite_busy_timeout_ms)
    synchronous = settings.sqlite_synchronous

    # WAL lets readers go on while one request writes; the busy timeout makes a writer of
    # another process wait (off the event loop) instead of failing with "database is
    # locked". With WAL, NORMAL syncs at checkpoints rather than on every commit; see
    # docs/operations.md. secure_delete overwrites deleted rows, so a deleted note is gone
    # from the file too.
    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def truncate_wal(session: Session) -> None:
    """After a delete is committed: on SQLite, move the write-ahead log into the database
    file (where secure_delete has overwritten the deleted rows) and empty it, so what was
    deleted is nowhere on disk. SQLite refuses a checkpoint inside a transaction, so it
    is sent on the connection outside one (which never begins one by itself)."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if isinstance(bind, Connection):  # a session bound to a connection (the purge's)
        bind.connection.dbapi_connection.execute(CHECKPOINT)  # type: ignore[union-attr]
        return
    with bind.connect() as connection:
        connection.connection.dbapi_connection.execute(CHECKPOINT)  # type: ignore[union-attr]


def _private_file(path: Path) -> None:
    """Makes a new database file readable by this user alone (0600, in a new folder of
    0700): it holds answers and notes, and SQLite gives its -wal and -shm files the
    database file's mode. An empty file is an empty database. A file that already exists
    keeps its mode, which its operator may have chosen (docs/operations.md)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

"""Deleting expired results and drafts, in bounded batches.

Each batch is one short transaction (at most 1,000 results, or drafts), on SQLite with a
pause of 0.1 s after it, so readers and writers are never held up for more than a fraction of a
second, however much has expired. `python -m app purge` runs it to the end (for cron);
app.purge_schedule runs it in the app's background.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from app import repository
from app.db import make_engine
from app.settings import Settings

BATCH = 1000
# Between batches, on SQLite: a writer kept waiting by a batch polls for the lock every
# 100 ms at most, so without a gap the next batch could take the lock first, again and
# again. (PostgreSQL queues lock waits, and a batch holds up no other result's writes.)
PAUSE = 0.1


def pause_after_batch(dialect: str, pause: float | None) -> float:
    """The pause after a batch: `pause` if given, else PAUSE on SQLite and none elsewhere."""
    if pause is not None:
        return pause
    return PAUSE if dialect == "sqlite" else 0.0


def purge_step(session: Session, *, now: datetime, batch: int = BATCH) -> tuple[int, int]:
    """One batch, committed: expired results (with the drafts made from them) while there
    are any, then expired drafts and drafts whose result is gone. (0, 0): nothing left."""
    found = repository.purge_expired_results(session, now=now, batch=batch)
    if not found[0]:
        found = (0, found[1] + repository.purge_dead_drafts(session, now=now, batch=batch))
    session.commit()
    return found


def purge(session: Session, *, now: datetime | None = None, batch: int = BATCH,
          pause: float | None = None) -> tuple[int, int]:
    """Delete everything expired as of `now`, a batch a transaction; returns (results,
    drafts) deleted. Then, on SQLite, nothing deleted is left in the write-ahead log."""
    now = now or datetime.now(UTC)
    results = drafts = 0
    while True:
        step = purge_step(session, now=now, batch=batch)
        results, drafts = results + step[0], drafts + step[1]
        if step == (0, 0):
            break
        time.sleep(pause_after_batch(session.get_bind().dialect.name, pause))
    repository.forget_deleted(session)
    session.commit()
    return results, drafts


@contextmanager
def purge_session(engine: Engine) -> Iterator[Session]:
    """A session on a connection of its own. On SQLite, that connection's foreign key
    actions are off while the purge runs: it does what they would, a batch at once
    (repository.PURGE_HANDLES), in a third of the time they take row by row."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            _foreign_keys(connection, "OFF")
        try:
            with Session(bind=connection, expire_on_commit=False) as session:
                yield session
        finally:
            if sqlite:
                try:
                    connection.rollback()
                    _foreign_keys(connection, "ON")
                except BaseException:
                    # Never back in the pool without its foreign keys: the app's deletes
                    # count on their cascades.
                    connection.invalidate()
                    raise


def _foreign_keys(connection: Connection, setting: str) -> None:
    # The pragma does nothing inside a transaction, and a writers' connection (app.db)
    # begins one for any statement sent through SQLAlchemy: it goes to the DBAPI
    # connection, between transactions, which never begins one for a pragma.
    connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
        f"PRAGMA foreign_keys={setting}")


def purge_database(settings: Settings, *, batch: int = BATCH,
                   pause: float | None = None) -> tuple[int, int]:
    """`python -m app purge`: the whole purge, on an engine of its own."""
    engine = make_engine(settings)
    try:
        with purge_session(engine) as session:
            return purge(session, batch=batch, pause=pause)
    finally:
        engine.dispose()

"""Deleting expired results and drafts, in bounded batches, off the start-up path.

Each batch is one short transaction (at most 1,000 results, or drafts), on SQLite with a
pause of 0.1 s after it, so readers and writers are never held up for more than a fraction of a
second, however much has expired. `python -m app purge` runs it to the end (for cron);
the app runs it in the background every PURGE_INTERVAL_MINUTES (the first time just after
start-up, which never waits for it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app import repository
from app.db import make_engine
from app.settings import Settings

log = logging.getLogger("app")
BATCH = 1000
# Between batches, on SQLite: a writer kept waiting by a batch polls for the lock every
# 100 ms at most, so without a gap the next batch could take the lock first, again and
# again. (PostgreSQL queues lock waits, and a batch holds up no other result's writes.)
PAUSE = 0.1


def _pause(session: Session, pause: float | None) -> float:
    if pause is not None:
        return pause
    return PAUSE if session.get_bind().dialect.name == "sqlite" else 0.0


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
        time.sleep(_pause(session, pause))
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
        if sqlite:  # a no-op inside a transaction: set between them
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with Session(bind=connection, expire_on_commit=False) as session:
                yield session
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


async def purge_in_background(engine: Engine, *, batch: int = BATCH,
                              pause: float | None = None) -> None:
    """One whole purge from the event loop: each batch in a worker thread, so requests go
    on between (and alongside) them."""
    now = datetime.now(UTC)
    started = time.monotonic()
    results = drafts = 0
    # Even the connection is made in a thread: a database that does not answer must not
    # stall the event loop (and every request with it).
    stack = ExitStack()
    session = await run_in_threadpool(stack.enter_context, purge_session(engine))
    try:
        while True:
            step = await run_in_threadpool(purge_step, session, now=now, batch=batch)
            results, drafts = results + step[0], drafts + step[1]
            if step == (0, 0):
                break
            await asyncio.sleep(_pause(session, pause))
        await run_in_threadpool(repository.forget_deleted, session)
        await run_in_threadpool(session.commit)
    except BaseException:  # cancelled at shutdown, or failed: close here, at once
        stack.close()
        raise
    await run_in_threadpool(stack.close)
    log.info("purged %d expired results and %d drafts in %.1f s", results, drafts,
             time.monotonic() - started)


async def every(minutes: float, engine: Engine) -> None:
    """Purge now, then every `minutes`, until cancelled. A purge that fails (the database
    busy or away) is logged and tried again next time."""
    while True:
        try:
            await purge_in_background(engine)
        except Exception as exc:  # one bad run must not end the schedule
            log.warning("purge failed (%s); trying again in %g minutes",
                        type(exc).__name__, minutes)
        await asyncio.sleep(minutes * 60)


def purge_database(settings: Settings, *, batch: int = BATCH,
                   pause: float | None = None) -> tuple[int, int]:
    """`python -m app purge`: the whole purge, on an engine of its own."""
    engine = make_engine(settings)
    try:
        with purge_session(engine) as session:
            return purge(session, batch=batch, pause=pause)
    finally:
        engine.dispose()

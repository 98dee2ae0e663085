"""The purge in the app's background: every PURGE_INTERVAL_MINUTES, the first time just
after start-up, which never waits for it. Each batch runs in a worker thread, so requests
go on between (and alongside) them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from anyio import to_thread
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app import repository
from app.db import writer_threads
from app.purge import BATCH, pause_after_batch, purge_session, purge_step

log = logging.getLogger("app")


async def purge_in_background(engine: Engine, *, batch: int = BATCH,
                              pause: float | None = None) -> None:
    """One whole purge from the event loop: each batch in a worker thread, so requests go
    on between (and alongside) them. Each batch takes a connection and gives it back:
    on the writers' engine (app.db), the app's writers waiting for it go first."""
    now = datetime.now(UTC)
    started = time.monotonic()
    results = drafts = 0
    while True:
        # In a thread, connection and all: a database that does not answer must not
        # stall the event loop (and every request with it).
        step = await to_thread.run_sync(_one_batch, engine, now, batch,
                                        limiter=writer_threads())
        results, drafts = results + step[0], drafts + step[1]
        if step == (0, 0):
            break
        await asyncio.sleep(pause_after_batch(engine.dialect.name, pause))
    await to_thread.run_sync(_forget_deleted, engine, limiter=writer_threads())
    log.info("purged %d expired results and %d drafts in %.1f s", results, drafts,
             time.monotonic() - started)


def _one_batch(engine: Engine, now: datetime, batch: int) -> tuple[int, int]:
    with purge_session(engine) as session:
        return purge_step(session, now=now, batch=batch)


def _forget_deleted(engine: Engine) -> None:
    with Session(engine) as session:
        repository.forget_deleted(session)


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

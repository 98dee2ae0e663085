"""The purge in the app's background: every PURGE_INTERVAL_MINUTES, the first time just
after start-up, which never waits for it. Each batch runs in a worker thread, so requests
go on between (and alongside) them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import ExitStack
from datetime import UTC, datetime

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app import repository
from app.purge import BATCH, pause_after_batch, purge_session, purge_step

log = logging.getLogger("app")


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
            await asyncio.sleep(pause_after_batch(session, pause))
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

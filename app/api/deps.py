"""What the API's endpoints depend on: a database session per request.

The endpoints are plain `def` functions, so FastAPI runs them, and this dependency, in its
thread pool: a request waiting on a busy database never holds up the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session


def _session(request: Request) -> Iterator[Session]:
    # A request that may write queues for the writers' connection on SQLite (app.db).
    sessions = request.app.state.session_factory if request.method in ("GET", "HEAD") \
        else request.app.state.writer_sessions
    with sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(_session)]


async def require_json(request: Request) -> None:
    """Only application/json bodies: a form or text post (what a cross-site page can send
    without a preflight) is refused before anything reads it."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(415, "Send the body as application/json")

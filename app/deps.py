"""Request-scoped dependencies shared by the HTML pages and the JSON API.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in its thread pool,
and each such hop cost more than the work itself (see docs/performance.md). Making a
Session does no I/O; its connection is taken inside the (threaded) endpoint, on first use.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.settings import Settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


T = TypeVar("T")


def uses_database(handler: Callable[..., T]) -> Callable[..., Any]:
    """Run a synchronous handler that takes `session` where its database is best served.

    SQLite is a local file and its queries take microseconds: a hop to the thread pool
    costs more than the query, so the handler runs inline. A networked database
    (PostgreSQL) must not stall the event loop on a round trip, so there it runs in the
    thread pool. (SQLite is for one process; several processes use PostgreSQL.)
    """
    @functools.wraps(handler)
    async def endpoint(*args: Any, **kwargs: Any) -> T:
        session: Session = kwargs["session"]
        if session.get_bind().dialect.name == "sqlite":
            return handler(*args, **kwargs)
        return await run_in_threadpool(handler, *args, **kwargs)

    return endpoint


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def base_url(request: Request) -> str:
    """The absolute base for share links: PUBLIC_BASE_URL, else the request's own."""
    configured = request.app.state.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")

"""Request-scoped helpers shared by the HTML pages and the JSON API.

Nothing here is a FastAPI `def` dependency: FastAPI runs those in its thread pool, and
each hop cost more than the work itself (see docs/performance.md). The database session
is not a dependency at all: `with_session` hands it to a handler (pages through
app.web.routing, API endpoints through `uses_database`), which costs less than FastAPI's
machinery for a dependency with teardown.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app import assessments

T = TypeVar("T")


def _in_session(factory: sessionmaker[Session], handler: Callable[..., T],
                kwargs: dict[str, Any]) -> T:
    with factory() as session:
        return handler(**kwargs, session=session)


async def with_session(request: Request, handler: Callable[..., T], /, **kwargs: Any) -> T:
    """Call `handler(**kwargs, session=...)` where the app's database is best served.

    SQLite is a local file and its queries take microseconds: a hop to the thread pool
    costs more than the query, so the handler runs inline. A networked database
    (PostgreSQL) must not stall the event loop on a round trip, so there it runs in the
    thread pool, session and all. (SQLite is for one process; several use PostgreSQL.)
    """
    state = request.app.state
    if state.inline_session is not None:
        # An inline handler runs to the end without giving way to another request, so
        # one Session serves them all in turn; closing it after each resets it. Making
        # a new one and closing it took ~13 us, reusing ~3 us.
        try:
            return handler(**kwargs, session=state.inline_session)
        finally:
            state.inline_session.close()
    return await run_in_threadpool(_in_session, state.session_factory, handler, kwargs)


def uses_database(handler: Callable[..., T]) -> Callable[..., Any]:
    """A FastAPI endpoint from a synchronous handler that takes a `session` (given by
    `with_session`)."""
    signature = inspect.signature(handler, eval_str=True)
    takes_request = "request" in signature.parameters
    shown = [p for p in signature.parameters.values() if p.name != "session"]
    if not takes_request:
        shown.append(inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY,
                                       annotation=Request))

    async def endpoint(**kwargs: Any) -> T:
        request: Request = kwargs["request"] if takes_request else kwargs.pop("request")
        return await with_session(request, handler, **kwargs)

    # FastAPI reads the parameters it fills from this signature: everything but `session`.
    functools.update_wrapper(endpoint, handler, updated=())
    del endpoint.__wrapped__  # type: ignore[attr-defined]
    endpoint.__signature__ = signature.replace(parameters=shown)  # type: ignore[attr-defined]
    return endpoint


def delete_result(request: Request, session: Session, token: str,
                  delete_key: str | None) -> None:
    """Delete a result (its owner only) and the pages of it this process keeps in memory:
    what was deleted should not linger anywhere."""
    assessments.delete(session, token, delete_key)
    request.app.state.renderer.forget(token)


def base_url(request: Request) -> str:
    """The absolute base for share links: PUBLIC_BASE_URL, else the request's own."""
    configured = request.app.state.settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")

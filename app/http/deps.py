"""What the routes of every face depend on: the settings, a database session, the owner's
delete key, and the check that an unsafe request comes from this site."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, Protocol, cast

from anyio import to_thread
from fastapi import Depends, HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session, sessionmaker
from starlette.routing import BaseRoute

from app.db import writer_threads
from app.settings import Settings

if TYPE_CHECKING:
    from app.http.sessions import SessionKeys
    from app.i18n import Languages
    from app.ratelimit import WriteLimits
    from app.web.render import Renderer

# The owner's delete key, kept per result in a cookie scoped to the result's path
# (app.web.cookies sets it).
OWNER = "tt_owner"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Requests of these methods only read: a reader's session, on the readers' threads. Any
# other may write: a writer's session, on the writers' threads (SessionRoute).
READS = frozenset({"GET", "HEAD"})


class AppState(Protocol):
    """What app.main.create_app keeps in app.state, typed."""

    settings: Settings
    session_factory: sessionmaker[Session]
    writer_sessions: sessionmaker[Session]
    signing_key: str
    session_keys: SessionKeys
    public_origin: str | None
    write_limits: WriteLimits
    path_for: Callable[..., str]
    renderer: Renderer
    languages: Languages


def state(request: Request) -> AppState:
    return cast("AppState", request.app.state)


async def _settings(request: Request) -> Settings:
    return state(request).settings


async def _session(request: Request) -> Session:
    """A session for the request. Made on the event loop: a Session does no I/O until it
    is used, and it is used only by `def` endpoints, run in a thread (`SessionRoute`: the
    readers' or the writers'), so a request waiting on a busy database never holds up the
    event loop. The endpoint's own thread turn closes it, so its connection never waits
    for another turn. A request refused before its endpoint ran (a form without its CSRF
    token) never used its session: it holds no connection, and there is nothing to close.
    So this is not a generator dependency, whose exit FastAPI would run on every request
    (~20 us a page) for nothing; `check_sessions` holds every route that takes one to
    that rule."""
    # A request that may write queues for the writers' connection on SQLite (app.db).
    app_state = state(request)
    sessions = app_state.session_factory if request.method in READS \
        else app_state.writer_sessions
    return sessions()


class SessionRoute(APIRoute):
    """A route whose `def` endpoint closes its sessions before its thread turn ends.

    A connection held from one turn to the next is the classic deadlock of a thread pool
    over a connection pool: under load every thread waits for a connection that a finished
    request holds until it gets a thread to close it in (tests/test_db.py). Closing in the
    endpoint's own turn also saves a turn a request: a question page served ~1.5 times as
    many requests (docs/performance.md)."""

    answers_head = False  # a GET route answers HEAD too (app.http.errors.Face)

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {method.upper() for method in kwargs.get("methods") or ()}
        if self.answers_head and "GET" in methods:
            kwargs["methods"] = methods = methods | {"HEAD"}
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _closing_sessions(endpoint)
            if methods - READS:
                endpoint = _on_writer_threads(endpoint)
        super().__init__(path, endpoint, **kwargs)


# A request that may write runs on the writers' threads (app.db.writer_threads).
def _on_writer_threads(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await to_thread.run_sync(functools.partial(endpoint, *args, **kwargs),
                                        limiter=writer_threads())

    return run


def check_sessions(routes: Iterable[BaseRoute]) -> None:
    """Refuses a route that would leave its session open: one whose endpoint is not a
    `def` run by `SessionRoute`, or one with a dependency that takes the session (it would
    read through it on the event loop, or in a thread turn of its own)."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        own = any(d.call is _session for d in route.dependant.dependencies)
        nested = any(_takes_session(d) for d in route.dependant.dependencies)
        # unwrap: a write's endpoint is awaited, to run it on the writers' threads.
        if nested or (own and (not isinstance(route, SessionRoute) or inspect.iscoroutinefunction(
                inspect.unwrap(route.endpoint)))):
            raise TypeError(f"{route.path}: only the `def` endpoint of a SessionRoute may "
                            "take SessionDep")


def _takes_session(dependant: Dependant) -> bool:
    return any(d.call is _session or _takes_session(d) for d in dependant.dependencies)


def _closing_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session):
                    value.close()

    return run


async def _owner_key(request: Request) -> str | None:
    return request.cookies.get(OWNER) or None


SettingsDep = Annotated[Settings, Depends(_settings)]
# Only a `def` endpoint's own body may use it (check_sessions refuses any other route). A
# `def` dependency that read through it would take a connection in one thread and leave it
# held while the endpoint waits for another, and under load every thread would wait for a
# connection held that way.
SessionDep = Annotated[Session, Depends(_session)]
OwnerKeyDep = Annotated[str | None, Depends(_owner_key)]


class CrossSite(HTTPException):
    def __init__(self) -> None:
        super().__init__(403, "Cross-site request refused")


async def same_origin(request: Request) -> None:
    """A browser says where an unsafe request comes from; it must be this site. Origin is
    not sent by every client, and a browser sends "null" for a form posted from a page
    with Referrer-Policy: no-referrer (ours): the CSRF token and the SameSite cookie still
    guard every form."""
    origin = request.headers.get("origin")
    if request.method not in UNSAFE or origin is None or origin == "null":
        return
    public = state(request).public_origin
    scope = request.scope
    own = public or f"{scope['scheme']}://{request.headers.get('host', '')}".lower()
    if origin.lower() != own:
        raise CrossSite


SameOrigin = Depends(same_origin)

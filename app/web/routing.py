"""The HTML pages' routes: plain Starlette routes, each handler a plain function run in the
thread pool with a database session of its own.

Pages are not part of the JSON API (no OpenAPI, no pydantic bodies: forms are checked by
app.answers), and FastAPI's per-request parameter solving and its matching through
included routers cost ~100 us a page (docs/performance.md). A page handler is
`handler(request, session=...)`, and for a POST also `form=` (read with its limits and
CSRF check first); path parameters are in `request.path_params`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.routing import NoMatchFound, Route, Router

from app.web.forms import posted_form

Handler = Callable[..., Any]


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: after a form, the page to show next."""
    return RedirectResponse(url, status_code=303)


def paths_by_name(router: Router) -> Callable[..., str]:
    """`path(name, **params)`: the path of the route of that name. Starlette's own
    url_path_for tries every route in turn, raising and catching an exception for each one
    that is not it: up to ~50 us a link here, a fifth of a page's rendering. Routes are
    indexed by name once; the routes of a name are tried in order, as Starlette tries
    them, and a name that is not a plain route (a mount) falls back to its search."""
    named: dict[str, list[Route]] = {}
    for route in router.routes:
        if isinstance(route, Route):
            named.setdefault(route.name, []).append(route)

    def path(name: str, /, **params: Any) -> str:
        for route in named.get(name, ()):
            with suppress(NoMatchFound):
                return str(route.url_path_for(name, **params))
        return str(router.url_path_for(name, **params))

    return path


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The path of a named route, for a redirect or link made in a handler: the same index
    as the templates' url() (app.main builds it once every route is registered)."""
    return request.app.state.path_for(name, **params)


def _in_session(request: Request, handler: Handler, kwargs: dict[str, Any]) -> Any:
    session: Session
    # A POST writes: on SQLite it queues for the one writers' connection (app.db).
    sessions = request.app.state.writer_sessions if request.method == "POST" \
        else request.app.state.session_factory
    with sessions() as session:
        return handler(request, session=session, **kwargs)


class Pages:
    """Collects a module's page routes; app.main puts them ahead of the API's."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def get(self, path: str, *, name: str | None = None) -> Callable[[Handler], Handler]:
        return self._route(path, "GET", name)

    def post(self, path: str, *, name: str | None = None) -> Callable[[Handler], Handler]:
        return self._route(path, "POST", name)

    def _route(self, path: str, method: str, name: str | None) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            @functools.wraps(handler)  # named as the handler (logs, tracebacks)
            async def endpoint(request: Request) -> Any:
                # The database is never waited on from the event loop: a page held up by
                # a busy database holds up only its own thread.
                kwargs = {"form": await posted_form(request)} if method == "POST" else {}
                return await run_in_threadpool(_in_session, request, handler, kwargs)

            self.routes.append(Route(path, endpoint, methods=[method],
                                     name=name or handler.__name__))
            return handler

        return register

"""Errors, answered by the face a request came to: each face registers its own answers
(app.web.errors for pages, app.api.errors for JSON) and this module picks between them.

An unexpected error is logged as its kind and route only (never the URL, body, or the
exception's text, which may hold a token or what a person typed), answered with a 500, and
not passed on to the server, whose log would print it whole.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("app")
API_PREFIX = "/api/"
# A locked or busy database: the request waited (off the event loop) and gave up.
RETRY_AFTER = "5"
Handler = Callable[[Request, Exception], Awaitable[Response]]


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIX)


def by_face(page: Handler, api: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        return await (api if is_api(request.url.path) else page)(request, exc)

    return handle


def where(scope: Scope) -> str:
    """The route a request went to, by its pattern or handler's name: never the URL (it
    may hold a token)."""
    route, endpoint = scope.get("route"), scope.get("endpoint")
    return getattr(route, "path", None) or getattr(endpoint, "__qualname__", None) or "?"


def install(app: FastAPI, page: dict[type[Exception], Handler],
            api: dict[type[Exception], Handler]) -> None:
    for kind in page.keys() | api.keys():
        app.add_exception_handler(kind, by_face(page[kind], api[kind]))


BUSY = (OperationalError, PoolTimeout)


class CatchAll:
    """The last line: whatever escaped every handler becomes a 500 from `answer`."""

    def __init__(self, app: ASGIApp, answer: Callable[[Scope], Response]) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        except Exception as exc:  # the point is to answer it, and log no data
            log.error("unhandled %s on %s %s", type(exc).__name__, scope["method"], where(scope))
            if not started:
                await self.answer(scope)(scope, receive, send)

"""Errors, answered by the face of the route they happened on: the pages answer with a page,
the JSON API with JSON, FHIR with an OperationOutcome. Each face is a `Face`; its routes
are made by its route class, so a route carries its face, and an error no route of any face
matched is answered by the default face (the pages').

An unexpected error is logged as its kind and route only (never the URL, body, or the
exception's text, which may hold a token or what a person typed), answered with a 500, and
not passed on to the server, whose log would print it whole.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.deps import SessionRoute

log = logging.getLogger("app")
# A locked or busy database: the request waited (off the event loop) and gave up.
RETRY_AFTER = "5"
BUSY = (OperationalError, PoolTimeout)
Handler = Callable[[Request, Exception], Awaitable[Response]]


@dataclass(frozen=True)
class Face:
    name: str
    handlers: Mapping[type[Exception], Handler]
    server_error: Callable[[Request], Response]
    # Its GET routes answer HEAD too (SessionRoute). The pages' do: HTTP asks it of every
    # server, and link checkers and uptime monitors send it. The API's document would list
    # each twice.
    answers_head: bool = False

    def route_class(self) -> type[APIRoute]:
        """The APIRoute class of this face's routers: its routes carry the face."""
        return type(f"{self.name.title()}Route", (SessionRoute,),
                    {"face": self, "answers_head": self.answers_head})


def face_of(scope: Scope, default: Face) -> Face:
    face = getattr(scope.get("route"), "face", None)
    return face if isinstance(face, Face) else default


class Unmatched(Route):
    """A face's last route: a path under its prefix that none of its routes matched is this
    face's 404. It only ever matches partly, so Starlette still prefers a route of the path
    that wants another method (a 405), and any route that matches whole."""

    def __init__(self, prefix: str, face: Face) -> None:
        super().__init__(prefix.rstrip("/") + "/{rest:path}", self._none,
                         include_in_schema=False)
        self.face = face

    @staticmethod
    async def _none(request: Request) -> Response:
        raise HTTPException(404)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is Match.NONE:
            return match, child_scope
        return Match.PARTIAL, {**child_scope, "route": self}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise HTTPException(404)


def install(app: FastAPI, faces: Sequence[Face], default: Face) -> None:
    kinds = set(default.handlers)
    assert all(set(face.handlers) == kinds for face in faces), "every face answers every kind"

    for kind in kinds:
        async def handle(request: Request, exc: Exception, kind: Any = kind) -> Response:
            return await face_of(request.scope, default).handlers[kind](request, exc)

        app.add_exception_handler(kind, handle)


def where(scope: Scope) -> str:
    """The route a request went to, by its pattern or handler's name: never the URL (it
    may hold a token)."""
    route, endpoint = scope.get("route"), scope.get("endpoint")
    return getattr(route, "path", None) or getattr(endpoint, "__qualname__", None) or "?"


class CatchAll:
    """The last line: whatever escaped every handler becomes its face's 500."""

    def __init__(self, app: ASGIApp, default: Face) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        except Exception as exc:  # the point is to answer it, and log no data
            log.error("unhandled %s on %s %s", type(exc).__name__, scope["method"], where(scope))
            if not started:
                answer = face_of(scope, self.default).server_error(Request(scope))
                await answer(scope, receive, send)

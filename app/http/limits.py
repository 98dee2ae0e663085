"""The request body limit: a declared or streamed body over 64 KB is refused with 413 before
anything parses it (a pure ASGI middleware)."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
TOO_LARGE = "Request body too large (limit 64 KB)"


class BodyTooLarge(HTTPException):
    """Raised while reading a body past the limit; the error handlers answer it with 413."""

    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


async def refuse(scope: Scope, send: Send) -> None:
    """413, before anything has read the body: as JSON for the API, a short page else."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"detail": TOO_LARGE}).encode()
        kind = b"application/json"
    else:
        body = (b"<!DOCTYPE html><html lang=\"en\"><title>Too much to send</title>"
                b"<h1>That was too much to send</h1><p>Please go back, shorten what you typed "
                b"and try again.</p></html>")
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"connection", b"close"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        length = next((v for n, v in scope["headers"] if n == b"content-length"), None)
        if length is not None and not (length.isdigit() and int(length) <= self.max_body):
            await refuse(scope, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise BodyTooLarge
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            if not started:
                await refuse(scope, send)

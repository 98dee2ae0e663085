"""The request body limit: a declared or streamed body over 64 KB is refused with 413 before
anything parses it (a pure ASGI middleware).

A response sent before the client has sent all its body (a 413, or any answer that never
read it) says `Connection: close`. Otherwise uvicorn keeps the connection for the next
request and reads the rest of the body to find it: an outside attack streamed 10.6 GB
of chunked body after the 413 on one connection (issue 20, finding 3)."""

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


CLOSE = (b"connection", b"close")


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if scope["method"] not in ("GET", "HEAD") and length is not None \
                and not (length.isdigit() and int(length) <= self.max_body):
            await refuse(scope, send)
            return
        # Whether the client has a body still to send (a GET may have one too).
        unread = b"transfer-encoding" in headers or length not in (None, b"0")
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received, unread
            message = await receive()
            received += len(message.get("body", b""))
            unread = unread and message.get("more_body", False)
            if received > self.max_body and scope["method"] not in ("GET", "HEAD"):
                raise BodyTooLarge
            return message

        async def closing_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if unread:
                    message["headers"] = [*message.get("headers", ()), CLOSE]
            await send(message)

        try:
            await self.app(scope, counting_receive, closing_send)
        except BodyTooLarge:
            if not started:
                await refuse(scope, send)

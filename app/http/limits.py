"""The request body limit: a declared or streamed body over 64 KB is refused with 413 as
soon as anything tries to read it, before a byte of it is parsed (a pure ASGI middleware).
The 413 is answered by the face of the route that read it (app.http.errors).

A response sent before the client has sent all its body (a 413, or any answer that never
read it) says `Connection: close`. Otherwise uvicorn keeps the connection for the next
request and reads the rest of the body to find it: an outside attack streamed 10.6 GB
of chunked body after the 413 on one connection."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
TOO_LARGE = "Request body too large (limit 64 KB)"


class BodyTooLarge(HTTPException):
    """Raised while reading a body past the limit; the error handlers answer it with 413."""

    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE)


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
        limited = scope["method"] not in ("GET", "HEAD")
        declared_too_long = limited and length is not None \
            and not (length.isdigit() and int(length) <= self.max_body)
        # Whether the client has a body still to send (a GET may have one too).
        unread = b"transfer-encoding" in headers or length not in (None, b"0")
        received = 0

        async def counting_receive() -> Message:
            nonlocal received, unread
            if declared_too_long:
                raise BodyTooLarge
            message = await receive()
            received += len(message.get("body", b""))
            unread = unread and message.get("more_body", False)
            if received > self.max_body and limited:
                raise BodyTooLarge
            return message

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and unread:
                message["headers"] = [*message.get("headers", ()), CLOSE]
            await send(message)

        await self.app(scope, counting_receive, closing_send)

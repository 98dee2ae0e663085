"""Everything every response passes through, in one pure ASGI middleware.

- the body limit: a declared or streamed body over 64 KB is refused with 413 before
  anything parses it;
- the anonymous session: every HTML request gets a session id (`scope["state"]
  ["session_id"]`), and the cookie is set when the browser has none;
- the security headers (app.web.security), by kind of response;
- gzip for text bodies of 500 bytes or more, when the browser accepts it.

These were four middlewares (Starlette's GZip and three of ours); each wrapped every
response message again, and the request headers were scanned four times. One pass costs
less (docs/performance.md).
"""

from __future__ import annotations

import secrets
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.security import MAX_BODY_BYTES, BodyTooLarge, refuse, security_headers
from app.web.session import COOKIE, SKIP_PREFIXES, session_cookie, session_from_cookie

MIN_GZIP = 500
GZIP_LEVEL = 6
# What is worth gzipping (app.web.assets gzips its own files once, by the same list).
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript",
                b"application/fhir+json", b"image/svg+xml")
NO_BODY = ("GET", "HEAD")


def _described(headers: list[tuple[bytes, bytes]]) -> tuple[bytes | None, bool]:
    """The response's content type, and whether it may be gzipped."""
    kind = None
    encoded = False
    for name, value in headers:
        if name == b"content-type":
            kind = value
        elif name in (b"content-encoding", b"content-range"):
            # Already encoded (assets are gzipped once, up front), or a byte range of
            # the plain file, which must stay as asked.
            encoded = True
    return kind, not encoded and kind is not None and kind.startswith(COMPRESSIBLE)


def _vary_on_encoding(headers: list[tuple[bytes, bytes]]) -> None:
    # Whether gzipped or not, the body depends on Accept-Encoding: say so to caches
    # (once: the assets already say it).
    for i, (name, value) in enumerate(headers):
        if name == b"vary":
            if b"accept-encoding" not in value.lower():
                headers[i] = (b"vary", value + b", Accept-Encoding")
            return
    headers.append((b"vary", b"Accept-Encoding"))


class Edge:
    def __init__(self, app: ASGIApp, *, session_max_age: int, secure: bool,
                 max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body
        self.cookie_attributes = session_cookie(session_max_age, secure)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = cookie = None
        gzip_ok = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = value
            elif name == b"cookie":
                cookie = value
            elif name == b"accept-encoding":
                gzip_ok = b"gzip" in value
        if length is not None and not (length.isdigit() and int(length) <= self.max_body):
            await refuse(scope, send)
            return

        set_cookie = None
        if not scope["path"].startswith(SKIP_PREFIXES):
            session_id = session_from_cookie(cookie)
            if session_id is None:
                session_id = secrets.token_urlsafe(24)
                set_cookie = (b"set-cookie", f"{COOKIE}={session_id}{self.cookie_attributes}"
                              .encode("latin-1"))
            scope.setdefault("state", {})["session_id"] = session_id

        started = False
        held: Message | None = None  # the start, held until the body says how to send it
        compressor = None

        async def edge_send(message: Message) -> None:
            nonlocal started, held, compressor
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                kind, compressible = _described(headers)
                headers += security_headers(kind)
                if set_cookie:
                    headers.append(set_cookie)
                message["headers"] = headers
                if compressible:
                    _vary_on_encoding(headers)
                    if gzip_ok:
                        held = message
                        return
                await send(message)
                return
            if held is not None and message["type"] == "http.response.body":
                start, held = held, None
                body, more = message.get("body", b""), message.get("more_body", False)
                if len(body) < MIN_GZIP and not more:
                    await send(start)
                    await send(message)
                    return
                compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
                start["headers"] = [h for h in start["headers"] if h[0] != b"content-length"]
                start["headers"].append((b"content-encoding", b"gzip"))
                zipped = compressor.compress(body)
                if not more:
                    zipped += compressor.flush()
                    start["headers"].append((b"content-length", str(len(zipped)).encode()))
                await send(start)
                await send({"type": "http.response.body", "body": zipped, "more_body": more})
                return
            if compressor is not None and message["type"] == "http.response.body":
                more = message.get("more_body", False)
                zipped = compressor.compress(message.get("body", b""))
                message = {"type": "http.response.body", "more_body": more,
                           "body": zipped + (b"" if more else compressor.flush())}
            await send(message)

        receiving = receive
        if scope["method"] not in NO_BODY:
            received = 0

            async def counting_receive() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
                return message

            receiving = counting_receive
        try:
            await self.app(scope, receiving, edge_send)
        except BodyTooLarge:
            if not started:
                await refuse(scope, send)

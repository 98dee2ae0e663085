"""The headers every response carries, and the request body limit (applied in app.web.edge)."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import Scope, Send

# No inline script or style anywhere (htmx's indicator styles are off in its config), so
# the policy needs neither 'unsafe-inline' nor 'unsafe-eval'.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# Share tokens are in URLs: never leak them to other sites (redirects included).
NO_REFERRER = (b"referrer-policy", b"no-referrer")
# Every page (HTML) gets the whole set. Each header costs the server time on every
# response (~40 us for this set, measured), so what only matters to a rendered document
# stays off redirects, JSON and assets.
PAGE_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    NO_REFERRER,
    # Only the powerful features, and no X-Frame-Options (frame-ancestors says the same
    # to every current browser).
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]
# JSON, CSS, JS, SVG: never sniffed as something else, never run as a document.
OTHER_HEADERS = [(b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
                 (b"x-content-type-options", b"nosniff"), NO_REFERRER]
BODYLESS_HEADERS = [NO_REFERRER]  # redirects, 204


def security_headers(content_type: bytes | None) -> list[tuple[bytes, bytes]]:
    if content_type is None:
        return BODYLESS_HEADERS
    return PAGE_HEADERS if content_type.startswith(b"text/html") else OTHER_HEADERS


MAX_BODY_BYTES = 64 * 1024


class BodyTooLarge(HTTPException):
    """Raised while reading a body past the limit; the error handlers answer it with 413."""

    def __init__(self) -> None:
        super().__init__(413, "Request body too large (limit 64 KB)")


async def refuse(scope: Scope, send: Send) -> None:
    """413, before anything has read the body: as JSON for the API, a short page else."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"detail": "Request body too large (limit 64 KB)"}).encode()
        kind = b"application/json"
    else:
        body = (b"<!DOCTYPE html><html lang=\"en\"><title>Too much to send</title>"
                b"<h1>That was too much to send</h1><p>Please go back, shorten what you typed "
                b"and try again.</p></html>")
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", kind), (b"connection", b"close"),
                            (b"content-length", str(len(body)).encode()),
                            *security_headers(kind)]})
    await send({"type": "http.response.body", "body": body})

"""The headers every response carries, by kind of response (a pure ASGI middleware)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style anywhere (htmx's indicator styles are off in its config), so
# the policy needs neither 'unsafe-inline' nor 'unsafe-eval'.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# Share tokens are in URLs: never leak them to other sites (redirects included).
NO_REFERRER = (b"referrer-policy", b"no-referrer")
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
# Health answers, results and keys are in most responses: no cache keeps any of them
# unless the response says otherwise (only the hashed, public assets do).
NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
# Pages of one person's result: not for search engines either.
NOT_INDEXED = {"X-Robots-Tag": "noindex"}


def security_headers(content_type: bytes | None) -> list[tuple[bytes, bytes]]:
    if content_type is None:
        return BODYLESS_HEADERS
    return PAGE_HEADERS if content_type.startswith(b"text/html") else OTHER_HEADERS


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                names = {name for name, _ in headers}
                kind = next((v for n, v in headers if n == b"content-type"), None)
                headers += security_headers(kind)
                if b"cache-control" not in names:
                    headers.append(NO_STORE)
                if self.https:
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

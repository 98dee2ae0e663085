"""The anonymous session: a random id in an HttpOnly, SameSite=Lax cookie, and the CSRF
token bound to it.

A pure ASGI middleware gives every HTML request a session id (`request.state.session_id`),
setting the cookie when the browser has none, so the very first form already carries a
CSRF token. The id is 192 random bits; the database stores only its hash (app.assessments).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "tt_session"
SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")
# These paths never use the session: no cookie is set on them (a Set-Cookie on a
# public, year-long cacheable asset would also be shared by caches).
SKIP_PREFIXES = ("/assets/", "/static/", "/api/", "/fhir/", "/healthz", "/openapi.json",
                 "/docs")


def csrf_token(session_id: str) -> str:
    """A token only someone who holds the (HttpOnly) session id can compute."""
    return hmac.new(session_id.encode(), b"csrf-v1", hashlib.sha256).hexdigest()


def csrf_valid(session_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(session_id), token or "")


def _cookie_value(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            try:
                jar = SimpleCookie(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header is a missing one
                return None
            morsel = jar.get(COOKIE)
            if morsel and SHAPE.fullmatch(morsel.value):
                return morsel.value
    return None


class AnonymousSession:
    def __init__(self, app: ASGIApp, *, max_age: int, secure: bool) -> None:
        self.app = app
        self.max_age = max_age
        self.secure = secure

    def _set_cookie(self, session_id: str) -> tuple[bytes, bytes]:
        parts = [f"{COOKIE}={session_id}", "Path=/", f"Max-Age={self.max_age}", "HttpOnly",
                 "SameSite=Lax"] + (["Secure"] if self.secure else [])
        return b"set-cookie", "; ".join(parts).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        session_id = _cookie_value(scope)
        is_new = session_id is None
        session_id = session_id or secrets.token_urlsafe(24)
        scope.setdefault("state", {})["session_id"] = session_id

        async def send_with_cookie(message: Message) -> None:
            if is_new and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      self._set_cookie(session_id)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

"""The anonymous session: a server-issued random id, signed, in an HttpOnly, SameSite=Lax
cookie, and the CSRF token bound to it.

Every page gets a session id (`request.state.session_id`) and its CSRF token
(`request.state.csrf_token`) from `page_session`, which the pages' router calls first; other
routes (assets, the API) never touch the cookie. The cookie is set when the browser has
none, or one this server did not sign (a planted id is never adopted), or signed longer ago
than a draft lasts: the signature carries its time, so a copied cookie stops working when
the browser's own copy would have expired (Max-Age), not never. The database stores only
the id's hash (app.drafts).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from fastapi import Request
from itsdangerous import BadSignature, TimestampSigner
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.http.deps import state

COOKIE = "tt_session"
# With HTTPS the name carries the __Host- prefix: the browser then refuses the cookie
# unless it is Secure, for this host only (no Domain) and for the whole site (Path=/).
SECURE_COOKIE = "__Host-" + COOKIE
RESIGN_AFTER_SECONDS = 24 * 3600
# Where page_session (and page_language) leave Set-Cookie headers for SessionCookie to send.
SET_COOKIE = "set_cookies"
_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def session_cookie(secure: bool) -> str:
    return SECURE_COOKIE if secure else COOKIE


class SessionKeys:
    """Signs session ids and derives CSRF tokens, with the server's secret."""

    def __init__(self, secret: str) -> None:
        self._signer = TimestampSigner(secret, salt="tt-session")
        self._csrf_key = hashlib.sha256(f"csrf:{secret}".encode()).digest()

    def new(self, session_id: str | None = None) -> tuple[str, str]:
        """A session id (a new one unless given) and a cookie value that carries it,
        signed now."""
        session_id = session_id or secrets.token_urlsafe(24)
        return session_id, self._signer.sign(session_id).decode()

    def verified(self, cookie: str | None, *, max_age: int
                          ) -> tuple[str, float] | None:
        """The session id in a cookie value this server signed at most `max_age` seconds
        ago, with the seconds since; else None."""
        if not cookie:
            return None
        try:
            value, signed = self._signer.unsign(cookie, max_age=max_age,
                                                return_timestamp=True)
        except BadSignature:  # SignatureExpired too
            return None
        session_id = value.decode()
        if not _ID.fullmatch(session_id):
            return None
        return session_id, self._signer.get_timestamp() - signed.timestamp()

    def csrf_token(self, session_id: str) -> str:
        """A token only someone who holds the (HttpOnly) session cookie can have."""
        return hmac.new(self._csrf_key, session_id.encode(), "sha256").hexdigest()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def add_cookie(request: Request, header: str) -> None:
    """Sends `header` (a Set-Cookie value) with whatever response this request ends with."""
    request.scope.setdefault("state", {}).setdefault(SET_COOKIE, []).append(
        (b"set-cookie", header.encode("latin-1")))


class SessionCookie:
    """Sends the Set-Cookie headers that `page_session` and `page_language` asked for, on
    whatever response the request ends with (a page, a redirect, or an error page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            cookies = scope.get("state", {}).get(SET_COOKIE)
            if cookies and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *cookies]
            await send(message)

        await self.app(scope, receive, send_with_cookie)



async def page_session(request: Request) -> str:
    """The session id of the browser asking (a new one when it has none valid); also puts
    it and its CSRF token in request.state, for the templates."""
    keys: SessionKeys = state(request).session_keys
    settings = state(request).settings
    name = session_cookie(settings.cookie_secure)
    max_age = settings.draft_days * 86400
    found = keys.verified(request.cookies.get(name), max_age=max_age)
    # A cookie is signed again once a day while it is used, so someone still answering
    # is not cut off DRAFT_DAYS after their first visit (their draft's own expiry moves
    # on with each answer); an unused one still dies DRAFT_DAYS after it was signed.
    if found is None or found[1] > RESIGN_AFTER_SECONDS:
        session_id, value = keys.new(found[0] if found else None)
        attributes = "; ".join(["", "Path=/", f"Max-Age={max_age}", "HttpOnly",
                                "SameSite=Lax"] + (["Secure"] if settings.cookie_secure else []))
        add_cookie(request, f"{name}={value}{attributes}")
    else:
        session_id = found[0]
    request.state.session_id = session_id
    request.state.csrf_token = keys.csrf_token(session_id)
    return session_id

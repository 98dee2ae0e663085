"""The anonymous session: a server-issued random id, signed, in an HttpOnly, SameSite=Lax
cookie; the CSRF token bound to it; and the Origin check on unsafe methods.

Every HTML request gets a session id (`request.state.session_id`) and its CSRF token
(`request.state.csrf_token`); the cookie is set when the browser has none, or one this
server did not sign (a planted id is never adopted), or signed longer ago than a draft
lasts: the signature carries its time, so a copied cookie stops working when the browser's
own copy would have expired (Max-Age), not never. The database stores only the id's hash
(app.drafts).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from urllib.parse import urlsplit

from itsdangerous import BadSignature, TimestampSigner
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "tt_session"
# With HTTPS the name carries the __Host- prefix: the browser then refuses the cookie
# unless it is Secure, for this host only (no Domain) and for the whole site (Path=/).
SECURE_COOKIE = "__Host-" + COOKIE
# These paths never use the session: no cookie is set on them (a Set-Cookie on a
# public, year-long cacheable asset would also be shared by caches).
SKIP_PREFIXES = ("/assets/", "/api/", "/fhir/", "/healthz", "/openapi.json",
                 "/docs")
RESIGN_AFTER_SECONDS = 24 * 3600
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
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

    def verified(self, cookie: str | None, *, max_age: int) -> str | None:
        """The session id in a cookie value this server signed at most `max_age` seconds
        ago, else None."""
        found = self.verified_with_age(cookie, max_age=max_age)
        return found[0] if found else None

    def verified_with_age(self, cookie: str | None, *, max_age: int
                          ) -> tuple[str, float] | None:
        """As verified(), with the seconds since the cookie was signed."""
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


class Sessions:
    def __init__(self, app: ASGIApp, *, keys: SessionKeys, max_age: int, secure: bool,
                 public_origin: str | None) -> None:
        self.app = app
        self.keys = keys
        self.cookie = session_cookie(secure)
        self.max_age = max_age
        self.attributes = "; ".join(["", "Path=/", f"Max-Age={max_age}", "HttpOnly",
                                     "SameSite=Lax"] + (["Secure"] if secure else []))
        self.public_origin = public_origin

    def _same_origin(self, scope: Scope, headers: Headers) -> bool:
        """A browser says where an unsafe request comes from; it must be this site."""
        origin = headers.get("origin")
        if origin is None or origin == "null":
            # Not sent by every client, and "null" from a browser posting a form from a page
            # with Referrer-Policy: no-referrer (ours): the CSRF token and the SameSite
            # cookie still guard every form.
            return True
        own = self.public_origin or f"{scope['scheme']}://{headers.get('host', '')}".lower()
        return origin.lower() == own

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] in UNSAFE and not self._same_origin(scope, headers):
            await _cross_site(scope, send)
            return
        if scope["path"].startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        cookies = _cookies(headers.get("cookie", ""))
        found = self.keys.verified_with_age(cookies.get(self.cookie), max_age=self.max_age)
        set_cookie = None
        # A cookie is signed again once a day while it is used, so someone still answering
        # is not cut off DRAFT_DAYS after their first visit (their draft's own expiry moves
        # on with each answer); an unused one still dies DRAFT_DAYS after it was signed.
        if found is None or found[1] > RESIGN_AFTER_SECONDS:
            session_id, value = self.keys.new(found[0] if found else None)
            set_cookie = (b"set-cookie",
                          f"{self.cookie}={value}{self.attributes}".encode("latin-1"))
        else:
            session_id = found[0]
        state = scope.setdefault("state", {})
        state["session_id"] = session_id
        state["csrf_token"] = self.keys.csrf_token(session_id)

        async def send_with_cookie(message: dict) -> None:
            if set_cookie and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), set_cookie]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookies(header: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        found.setdefault(name, value)
    return found


async def _cross_site(scope: Scope, send: Send) -> None:
    if scope["path"].startswith("/api/"):
        body = json.dumps({"detail": "Cross-site request refused"}).encode()
        kind = b"application/json"
    else:
        body = (b"<!DOCTYPE html><html lang=\"en\"><title>Refused</title><h1>This form was "
                b"sent from another site</h1><p>Nothing was changed. Please use the form on "
                b"this site.</p></html>")
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", kind),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

"""The anonymous session: a random id in an HttpOnly, SameSite=Lax cookie, and the CSRF
token bound to it.

app.web.edge gives every HTML request a session id (`request.state.session_id`), setting
the cookie when the browser has none, so the very first form already carries a CSRF
token. The id is 192 random bits; the database stores only its hash (app.assessments).
"""

from __future__ import annotations

import hashlib
import hmac
import re

COOKIE = "tt_session"
# These paths never use the session: no cookie is set on them (a Set-Cookie on a
# public, year-long cacheable asset would also be shared by caches).
SKIP_PREFIXES = ("/assets/", "/static/", "/api/", "/fhir/", "/healthz", "/openapi.json",
                 "/docs")


def csrf_token(session_id: str) -> str:
    """A token only someone who holds the (HttpOnly) session id can compute."""
    return hmac.new(session_id.encode(), b"csrf-v1", hashlib.sha256).hexdigest()


def csrf_valid(session_id: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(session_id), token or "")


# The value is ours (token_urlsafe): anything else in the header is someone else's cookie,
# and a malformed header is a missing one.
_SESSION_IN_HEADER = re.compile(
    rb"(?:^|;)\s*" + COOKIE.encode() + rb"=([A-Za-z0-9_-]{32})\s*(?:;|$)")


def session_from_cookie(header: bytes | None) -> str | None:
    """The session id in a Cookie header, if it has a well-formed one."""
    found = _SESSION_IN_HEADER.search(header) if header else None
    return found.group(1).decode("ascii") if found else None


def session_cookie(max_age: int, secure: bool) -> str:
    """What follows `tt_session=<id>` in the Set-Cookie header."""
    return "; ".join(["", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
                     + (["Secure"] if secure else []))

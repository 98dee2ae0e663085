"""The language a request is answered in (app.i18n chooses; this reads the request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.http.deps import state
from app.http.sessions import add_cookie
from app.i18n import COOKIE, COOKIE_MAX_AGE, CURRENT, QUERY, Language


def language_of(request: Request) -> Language:
    """The page's language: `?lang=`, the cookie, `Accept-Language`, then English. Worked out
    once a request (an error page asks again)."""
    found: Language | None = getattr(request.state, "language", None)
    if found is None:
        found = state(request).languages.choose(
            request.query_params.get(QUERY), request.cookies.get(COOKIE),
            request.headers.get("accept-language"))
        request.state.language = found
    return found


def api_language_of(request: Request) -> Language:
    """The API's language: `Accept-Language` alone (a program sends no cookie to choose)."""
    return state(request).languages.negotiate(request.headers.get("accept-language"))


async def page_language(request: Request) -> Language:
    """The page's language; a choice made with the switch (`?lang=`) is remembered in a
    cookie, so the next pages follow it. It is also the language of `i18n.gettext` for the
    rest of the request (each request is a task of its own: nothing leaks to the next)."""
    language = language_of(request)
    CURRENT.set(language)
    chosen = state(request).languages.get(request.query_params.get(QUERY))
    if chosen is not None and chosen.code == language.code != request.cookies.get(COOKIE):
        secure = "; Secure" if state(request).settings.cookie_secure else ""
        add_cookie(request, f"{COOKIE}={language.code}; Path=/; Max-Age={COOKIE_MAX_AGE}; "
                            f"SameSite=Lax{secure}")
    return language


ApiLanguageDep = Annotated[Language, Depends(api_language_of)]

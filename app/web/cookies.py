"""The owner's delete key, kept per result in an HttpOnly, SameSite=Lax cookie scoped to
that result's path, so a browser that made several results keeps one key per result.

(The anonymous session cookie is app.http.sessions'.)
"""

from __future__ import annotations

from fastapi import Request, Response

from app.assessments import TOKEN_SHAPE
from app.http.deps import OWNER
from app.http.urls import path_for
from app.settings import Settings

# The results this browser made, newest first, for "Your results on this device" on the
# start page (the owner's keys are scoped to each result's path, so "/" cannot see them).
# Only a result on this list has its key kept here: "Forget this device" finds the keys to
# drop through it.
MINE = "tt_mine"
MOST_REMEMBERED = 20
# The start page lists the newest of them, above its emergency box: a short list.
LISTED_ON_START = 10


def set_owner(response: Response, result_path: str, delete_key: str,
              settings: Settings) -> None:
    """The key, sent back only to the result's own pages (`result_path` and below)."""
    response.set_cookie(OWNER, delete_key, max_age=settings.retention_days * 86400,
                        path=result_path, httponly=True, samesite="lax",
                        secure=settings.cookie_secure)


def clear_owner(response: Response, result_path: str, settings: Settings) -> None:
    response.delete_cookie(OWNER, path=result_path, httponly=True, samesite="lax",
                           secure=settings.cookie_secure)


def my_results(request: Request) -> list[str]:
    """The tokens of the results this browser made (well-formed ones only)."""
    tokens = (request.cookies.get(MINE) or "").split(".")
    return [t for t in tokens if TOKEN_SHAPE.fullmatch(t)][:MOST_REMEMBERED]


def remember_mine(request: Request, response: Response, token: str,
                  settings: Settings, *, forget: bool = False) -> None:
    """Add a result to (or take it off) this browser's list. A result the list no longer
    has room for loses its key here too: no key stays on the device unlisted, where
    "Forget this device" could not find it."""
    tokens = [t for t in my_results(request) if t != token]
    if not forget:
        tokens.insert(0, token)
    for dropped in tokens[MOST_REMEMBERED:]:
        clear_owner(response, path_for(request, "result", token=dropped), settings)
    response.set_cookie(MINE, ".".join(tokens[:MOST_REMEMBERED]),
                        max_age=settings.retention_days * 86400, path="/", httponly=True,
                        samesite="lax", secure=settings.cookie_secure)

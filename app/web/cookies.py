"""The owner's delete key, kept per result in an HttpOnly, SameSite=Lax cookie scoped to
that result's path, so a browser that made several results keeps one key per result.

(The anonymous session cookie is app.http.sessions'.)
"""

from __future__ import annotations

from fastapi import Request, Response

from app.settings import Settings

OWNER = "tt_owner"


def owner_key(request: Request) -> str | None:
    return request.cookies.get(OWNER) or None


def set_owner(response: Response, token: str, delete_key: str, settings: Settings) -> None:
    response.set_cookie(OWNER, delete_key, max_age=settings.retention_days * 86400,
                        path=f"/r/{token}", httponly=True, samesite="lax",
                        secure=settings.cookie_secure)


def clear_owner(response: Response, token: str, settings: Settings) -> None:
    response.delete_cookie(OWNER, path=f"/r/{token}", httponly=True, samesite="lax",
                           secure=settings.cookie_secure)

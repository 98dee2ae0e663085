"""The two cookies: an anonymous draft id, and per result the owner's delete key.

Both are HttpOnly and SameSite=Lax. The delete key's cookie is scoped to its result's path,
so a browser that made several results keeps one key per result.
"""

from __future__ import annotations

from fastapi import Request, Response

from app.settings import Settings

DRAFT = "tt_draft"
OWNER = "tt_owner"


def draft_id(request: Request) -> str | None:
    return request.cookies.get(DRAFT) or None


def set_draft(response: Response, value: str, settings: Settings) -> None:
    response.set_cookie(DRAFT, value, max_age=settings.draft_days * 86400, path="/",
                        httponly=True, samesite="lax", secure=settings.cookie_secure)


def clear_draft(response: Response, settings: Settings) -> None:
    response.delete_cookie(DRAFT, path="/", httponly=True, samesite="lax",
                           secure=settings.cookie_secure)


def owner_key(request: Request) -> str | None:
    return request.cookies.get(OWNER) or None


def set_owner(response: Response, token: str, delete_key: str, settings: Settings) -> None:
    response.set_cookie(OWNER, delete_key, max_age=settings.retention_days * 86400,
                        path=f"/r/{token}", httponly=True, samesite="lax",
                        secure=settings.cookie_secure)


def clear_owner(response: Response, token: str, settings: Settings) -> None:
    response.delete_cookie(OWNER, path=f"/r/{token}", httponly=True, samesite="lax",
                           secure=settings.cookie_secure)

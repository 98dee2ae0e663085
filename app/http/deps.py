"""What the routes of every face depend on: the settings, a database session, the owner's
delete key, and the check that an unsafe request comes from this site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from app.settings import Settings

# The owner's delete key, kept per result in a cookie scoped to the result's path
# (app.web.cookies sets it).
OWNER = "tt_owner"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _session(request: Request) -> Iterator[Session]:
    # A sync dependency: FastAPI opens and closes it in its thread pool, so a request
    # waiting on a busy database never holds up the event loop.
    with request.app.state.session_factory() as session:
        yield session


async def _owner_key(request: Request) -> str | None:
    return request.cookies.get(OWNER) or None


SettingsDep = Annotated[Settings, Depends(_settings)]
SessionDep = Annotated[Session, Depends(_session)]
OwnerKeyDep = Annotated[str | None, Depends(_owner_key)]


class CrossSite(HTTPException):
    def __init__(self) -> None:
        super().__init__(403, "Cross-site request refused")


async def same_origin(request: Request) -> None:
    """A browser says where an unsafe request comes from; it must be this site. Origin is
    not sent by every client, and a browser sends "null" for a form posted from a page
    with Referrer-Policy: no-referrer (ours): the CSRF token and the SameSite cookie still
    guard every form."""
    origin = request.headers.get("origin")
    if request.method not in UNSAFE or origin is None or origin == "null":
        return
    public = request.app.state.public_origin
    scope = request.scope
    own = public or f"{scope['scheme']}://{request.headers.get('host', '')}".lower()
    if origin.lower() != own:
        raise CrossSite


SameOrigin = Depends(same_origin)

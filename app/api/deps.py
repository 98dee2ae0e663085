"""What the API's endpoints depend on: their router (routes that answer errors as JSON,
with the Origin check) and JSON bodies only. Their session is app.http.deps.SessionDep:
the endpoints are plain `def` functions, run in a thread (app.http.deps.SessionRoute)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from app.api import errors
from app.http.deps import SameOrigin


def api_router(**options: Any) -> APIRouter:
    return APIRouter(route_class=errors.FACE.route_class(), dependencies=[SameOrigin],
                     **options)


async def require_json(request: Request) -> None:
    """Only application/json bodies: a form or text post (what a cross-site page can send
    without a preflight) is refused before anything reads it."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(415, "Send the body as application/json")

"""What the API's endpoints depend on: their router (routes that answer errors as JSON,
with the Origin check) and JSON bodies only. Their session is app.http.deps.SessionDep:
the endpoints are plain `def` functions, run in a thread (app.http.deps.SessionRoute)."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.exceptions import RequestValidationError

from app.api import errors
from app.http.deps import SameOrigin


def api_router(**options: Any) -> APIRouter:
    return APIRouter(route_class=errors.FACE.route_class(), dependencies=[SameOrigin],
                     **options)


async def require_json(request: Request) -> None:
    """Only application/json bodies: a form or text post (what a cross-site page can send
    without a preflight) is refused before anything reads it. A key given twice in one
    object is refused too: JSON parsers keep the last, so "red_flags_now" sent as an
    emergency and then as "none" would be scored as "none"."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(415, "Send the body as application/json")
    with contextlib.suppress(ValueError):  # not JSON: FastAPI's own answer says so
        twice = _keys_given_twice(json.loads(await request.body(),
                                             object_pairs_hook=_Object))
        if twice:
            raise RequestValidationError([
                {"loc": ("body", *path), "msg": "This key is given more than once",
                 "type": "duplicate_key"} for path in twice])


class _Object(dict[str, Any]):
    """A JSON object, with the keys it was given more than once."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.twice = sorted(key for key, n in Counter(key for key, _ in pairs).items() if n > 1)


def _keys_given_twice(body: Any) -> list[tuple[str | int, ...]]:
    """Where in `body` a key is given twice. A loop, not recursion: a body nested as deep
    as the parser allows must not overflow the stack here."""
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Object):
            found += [(*path, key) for key in value.twice]
            stack += [((*path, key), inner) for key, inner in value.items()]
        elif isinstance(value, list):
            stack += [((*path, i), inner) for i, inner in enumerate(value)]
    return sorted(found, key=str)

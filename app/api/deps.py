"""What the API's endpoints depend on: their router (routes that answer errors as JSON,
with the Origin check) and JSON bodies only. Their session is app.http.deps.SessionDep:
the endpoints are plain `def` functions, run in a thread (app.http.deps.SessionRoute)."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError

from app.api import errors
from app.api.schemas import Problem
from app.http.deps import SameOrigin


def api_router(**options: Any) -> APIRouter:
    return APIRouter(route_class=errors.FACE.route_class(), dependencies=[SameOrigin],
                     **options)


async def require_json(request: Request) -> None:
    """Only application/json bodies: a form or text post (what a cross-site page can send
    without a preflight) is refused before it is used."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(415, "Send the body as application/json")


@dataclass(frozen=True)
class Duplicates:
    """Where a JSON body gives a key more than once (JSON parsers keep the last value, so
    "red_flags_now" sent as an emergency and then as "none" would be read as "none"), and
    the body read with each key's first value instead."""

    paths: list[tuple[str | int, ...]]
    first_values: Any = None

    def problems(self) -> list[Problem]:
        """What a 422 says of them: the first few, each at its place."""
        return [Problem(loc=["body", *path], msg="This key is given more than once",
                        type="duplicate_key", item=errors.item_of(["body", *path]))
                for path in self.paths[:MOST_NAMED]]


# A body of 64 KB can repeat a key thousands of times: a 422 names this many.
MOST_NAMED = 20


async def duplicates(request: Request) -> Duplicates:
    # Not JSON, or nested deeper than a Python parser goes: FastAPI's own answer says so
    # (it parsed the body first, in a shallower stack, so it may have taken one this
    # parse cannot).
    with contextlib.suppress(ValueError, RecursionError):
        body = json.loads(await request.body(), object_pairs_hook=_Object)
        return Duplicates(_keys_given_twice(body), body)
    return Duplicates([])


DuplicatesDep = Annotated[Duplicates, Depends(duplicates)]


async def one_value_per_key(found: DuplicatesDep) -> None:
    """A body that gives a key twice is a 422 naming each place."""
    if found.paths:
        raise RequestValidationError([problem.model_dump() for problem in found.problems()])


class _Object(dict[str, Any]):
    """A JSON object read with each key's first value, noting the keys given again."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(reversed(pairs))
        self.twice = sorted(key for key, n in Counter(key for key, _ in pairs).items() if n > 1)


def _keys_given_twice(body: Any) -> list[tuple[str | int, ...]]:
    """Where in `body` a key is given twice. A loop, not recursion: it adds no depth to
    the stack."""
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

"""What the API's endpoints depend on: their router (routes that answer errors as JSON,
with the Origin check) and JSON bodies only. Their session is app.http.deps.SessionDep:
the endpoints are plain `def` functions, run in a thread (app.http.deps.SessionRoute)."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any

from anyio import to_thread
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
    # Read in a thread: a body of 64 KB can hold tens of thousands of objects, and the
    # event loop serves everyone else meanwhile.
    return await to_thread.run_sync(_read, await request.body())


def _read(body: bytes) -> Duplicates:
    repeating: list[_Object] = []
    # Not JSON, or nested deeper than a Python parser goes: FastAPI's own answer says so
    # (it parsed the body first, in a shallower stack, so it may have taken one this
    # parse cannot).
    with contextlib.suppress(ValueError, RecursionError):
        read = json.loads(body, object_pairs_hook=lambda pairs: _Object(pairs, repeating))
        return Duplicates(_places(read, repeating) if repeating else [], read)
    return Duplicates([])


DuplicatesDep = Annotated[Duplicates, Depends(duplicates)]


async def one_value_per_key(found: DuplicatesDep) -> None:
    """A body that gives a key twice is a 422 naming each place."""
    if found.paths:
        raise RequestValidationError([problem.model_dump() for problem in found.problems()])


class _Object(dict[str, Any]):
    """A JSON object read with each key's first value; one that gives a key again notes
    which, and adds itself to `repeating`."""

    twice: tuple[str, ...] = ()

    def __init__(self, pairs: list[tuple[str, Any]], repeating: list[_Object]) -> None:
        super().__init__(reversed(pairs))
        if len(self) != len(pairs):
            self.twice = tuple(sorted(k for k, n in Counter(k for k, _ in pairs).items()
                                      if n > 1))
            repeating.append(self)


Link = tuple["Link", str | int] | None  # a place in the body: its parent's, and its key


def _places(body: Any, repeating: list[_Object]) -> list[tuple[str | int, ...]]:
    """Where in `body` the `repeating` objects give a key again (the first MOST_NAMED).
    Each container is visited once and only linked to its parent's place, so the cost is
    the number of containers, however deep; the path is spelt out only for those found."""
    wanted = {id(found) for found in repeating}
    places: list[tuple[str | int, ...]] = []
    stack: list[tuple[Link, Any]] = [(None, body)]
    while stack and len(places) < MOST_NAMED:
        link, value = stack.pop()
        if id(value) in wanted:
            path = _spelt(link)
            places += [(*path, key) for key in value.twice]
        inner = value.items() if isinstance(value, dict) else enumerate(value)
        stack += [((link, key), item) for key, item in inner if isinstance(item, dict | list)]
    return sorted(places, key=str)[:MOST_NAMED]


def _spelt(link: Link) -> tuple[str | int, ...]:
    keys: list[str | int] = []
    while link is not None:
        link, key = link
        keys.append(key)
    return tuple(reversed(keys))

"""How the JSON API answers errors: JSON, with the item at fault named."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.assessments import Forbidden, NotFound
from app.http.errors import BUSY, RETRY_AFTER, Face, Handler


def item_of(loc: tuple[str | int, ...] | list[str | int]) -> str | None:
    loc = list(loc)
    if loc[:2] == ["body", "answers"] and len(loc) > 2:
        return str(loc[2])
    return None


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        # A body that cannot even be decoded is bad input like any other: 422.
        problem = {"loc": ["body"], "msg": "The body is not valid JSON text",
                   "type": "json_invalid", "item": None}
        return JSONResponse({"detail": [problem]}, status_code=422)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                        headers=exc.headers)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for e in exc.errors():
        msg = e.get("msg", "Invalid")
        if e.get("type") == "extra_forbidden":
            msg = f"Unknown field {e['loc'][-1]!r}"
        problems.append({"loc": [str(p) if not isinstance(p, int) else p for p in e["loc"]],
                         "msg": msg, "type": e.get("type", "invalid"),
                         "item": item_of(e.get("loc", ()))})
    return JSONResponse({"detail": problems}, status_code=422)


async def not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "Not found"}, status_code=404)


async def forbidden(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "Wrong or missing delete key"}, status_code=403)


async def busy(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": "The service is busy; nothing was changed. Try again."},
                        status_code=503, headers={"Retry-After": RETRY_AFTER})


HANDLERS: dict[type[Exception], Handler] = {
    HTTPException: http_error, RequestValidationError: validation_error,
    NotFound: not_found, Forbidden: forbidden, **dict.fromkeys(BUSY, busy)}


def server_error(request: Request) -> Response:
    return JSONResponse({"detail": "Internal error"}, status_code=500)


FACE = Face("api", HANDLERS, server_error)

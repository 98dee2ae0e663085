"""Errors answered as a friendly page for people and as JSON for the API; never a bare 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.assessments import Forbidden, NotFound

log = logging.getLogger("app")

FRIENDLY = {
    400: ("Something went wrong with the form", "Please go back and try again."),
    403: ("This form has expired", "Nothing was changed. Please go back, reload the page and "
                                   "try again. If it happens again, check that your browser "
                                   "accepts cookies from this site."),
    405: ("That cannot be done here", "Please go back and use the buttons on the page."),
    413: ("That was too much to send", "Please shorten what you typed and try again."),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _item_of(loc: tuple | list) -> str | None:
    loc = list(loc)
    if loc[:2] == ["body", "answers"] and len(loc) > 2:
        return str(loc[2])
    return None


async def http_error(request: Request, exc: HTTPException) -> Response:
    if _is_api(request):
        if exc.status_code == 400:
            # A body that cannot even be decoded is bad input like any other: 422.
            problem = {"loc": ["body"], "msg": "The body is not valid JSON text",
                       "type": "json_invalid", "item": None}
            return JSONResponse({"detail": [problem]}, status_code=422)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)
    renderer = request.app.state.renderer
    if exc.status_code == 404:
        return renderer.not_found(request)
    title, message = FRIENDLY.get(exc.status_code, ("Something went wrong", str(exc.detail)))
    return renderer.error(request, exc.status_code, title, message)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    if not _is_api(request):
        return request.app.state.renderer.error(
            request, 422, "Something went wrong with the form", "Please go back and try again.")
    problems = []
    for e in exc.errors():
        item = _item_of(e.get("loc", ()))
        msg = e.get("msg", "Invalid")
        if e.get("type") == "extra_forbidden":
            msg = f"Unknown field {e['loc'][-1]!r}"
        problems.append({"loc": [str(p) if not isinstance(p, int) else p for p in e["loc"]],
                         "msg": msg, "type": e.get("type", "invalid"), "item": item})
    return JSONResponse({"detail": problems}, status_code=422)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    # Log the kind of failure and the route only: never the body, IP or user agent.
    # The route's pattern or handler name, never the URL itself (it may hold a token).
    route, endpoint = request.scope.get("route"), request.scope.get("endpoint")
    where = route.path if route else getattr(endpoint, "__qualname__", "?")
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, where)
    if _is_api(request):
        return JSONResponse({"detail": "Internal error"}, status_code=500)
    return request.app.state.renderer.error(
        request, 500, "Sorry, there is a problem with the service",
        "Your answers so far are saved. Please try again in a few minutes.")


async def not_found(request: Request, exc: NotFound) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "Not found"}, status_code=404)
    return request.app.state.renderer.not_found(request)


async def forbidden(request: Request, exc: Forbidden) -> Response:
    """Every owner-only change (delete, diary, re-take) refused in one place."""
    if _is_api(request):
        return JSONResponse({"detail": "Wrong or missing delete key"}, status_code=403)
    return request.app.state.renderer.error(
        request, 403, "Only the person who answered can change this",
        "Changing or deleting a result or its diary works only in the browser that made "
        "it. Nothing was changed.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)

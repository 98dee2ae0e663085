"""How the FHIR documents answer errors: an OperationOutcome, as FHIR clients expect."""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app import fhir
from app.assessments import Forbidden, NotFound
from app.http.errors import BUSY, RETRY_AFTER, Face, Handler

# FHIR's issue types for the statuses these documents answer with.
ISSUE_TYPES = {400: "invalid", 403: "forbidden", 404: "not-found", 405: "not-supported",
               413: "too-costly", 422: "invalid", 429: "throttled", 503: "transient"}


def outcome(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    document = fhir.outcome(ISSUE_TYPES.get(status, "exception"), message)
    return Response(json.dumps(document), status_code=status, media_type=fhir.FHIR_JSON,
                    headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return outcome(404, "Unknown, expired or deleted")
    return outcome(exc.status_code, str(exc.detail), dict(exc.headers or {}))


async def not_found(request: Request, exc: Exception) -> Response:
    return outcome(404, "Unknown, expired or deleted")


async def invalid(request: Request, exc: Exception) -> Response:
    # The documents take only path parameters: one that does not fit names nothing.
    return outcome(404, "Unknown, expired or deleted")


async def forbidden(request: Request, exc: Exception) -> Response:
    return outcome(403, "Only the person who answered can do this")


async def busy(request: Request, exc: Exception) -> Response:
    return outcome(503, "The service is busy; try again.", {"Retry-After": RETRY_AFTER})


HANDLERS: dict[type[Exception], Handler] = {
    HTTPException: http_error, RequestValidationError: invalid, NotFound: not_found,
    Forbidden: forbidden, **dict.fromkeys(BUSY, busy)}


def server_error(request: Request) -> Response:
    return outcome(500, "Internal error")


FACE = Face("fhir", HANDLERS, server_error)

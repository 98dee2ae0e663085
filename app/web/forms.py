"""Reading an HTML form body with limits, as a dependency (so handlers stay synchronous)."""

from __future__ import annotations

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

MAX_FIELDS = 100


async def read_form(request: Request) -> FormData:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # No form (or another kind of body): the page then reports what is missing.
        return FormData()
    try:
        return await request.form(max_files=0, max_fields=MAX_FIELDS)
    except StarletteHTTPException:
        raise
    except Exception as exc:  # a malformed body must never become a 500
        raise HTTPException(400, "The form could not be read. Please try again.") from exc

"""What the pages depend on: their router (routes that answer errors with pages), the
renderer, the anonymous session, and a posted form read with its limits and CSRF check."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile

from app.http.deps import SameOrigin, state
from app.http.language import page_language
from app.http.sessions import page_session
from app.web import errors
from app.web.render import Renderer

MAX_FIELDS = 100
CSRF_FIELD = "csrf_token"


def pages_router() -> APIRouter:
    """A router of pages: not in the API's document, each route with the session."""
    return APIRouter(include_in_schema=False, route_class=errors.FACE.route_class(),
                     dependencies=[Depends(_page)])


async def _page(request: Request) -> str:
    """The browser's session id, and the page's language (each may set a cookie): one
    dependency, as FastAPI works out each of a request's dependencies afresh (~50 us, a
    twentieth of a question page)."""
    session_id = await page_session(request)
    await page_language(request)
    return session_id


async def _renderer(request: Request) -> Renderer:
    return state(request).renderer


async def _form(request: Request, _: Annotated[None, SameOrigin], __: SessionIdDep) -> FormData:
    """Every form here is urlencoded. Anything else (a multipart post, a bare post) is read
    as no form at all: it carries no CSRF token, so it changes nothing."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form = FormData()
    if content_type == "application/x-www-form-urlencoded":
        # The standard library's parser: a fraction of the time of Starlette's form
        # parser, and no python-multipart to install for a kind of form none of ours is.
        try:
            # A browser sends each line break a person typed as CR LF (HTML's form
            # encoding); what they typed, and what the limits count, has one character.
            fields: list[tuple[str, str | UploadFile]] = [
                (name, value.replace("\r\n", "\n")) for name, value in parse_qsl(
                    (await request.body()).decode("latin-1"), keep_blank_values=True,
                    max_num_fields=MAX_FIELDS)]
            form = FormData(fields)
        except ValueError as exc:  # more fields than MAX_FIELDS
            raise HTTPException(400, "The form has too many fields.") from exc
    token = form.get(CSRF_FIELD)
    if not (isinstance(token, str)
            and hmac.compare_digest(token.encode(), request.state.csrf_token.encode())):
        # A cross-site post, or a session that expired: change nothing.
        raise HTTPException(403, "csrf")
    return form


RendererDep = Annotated[Renderer, Depends(_renderer)]
FormDep = Annotated[FormData, Depends(_form)]
SessionIdDep = Annotated[str, Depends(_page)]


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: after a form, the page to show next."""
    return RedirectResponse(url, status_code=303)

"""How the pages answer errors: a friendly page, never a bare 500."""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.assessments import Forbidden, NotFound
from app.http.deps import CrossSite, state
from app.http.errors import BUSY, RETRY_AFTER, Face, Handler
from app.i18n import N_
from app.web.render import Renderer

# (title, message), marked here and translated by error.html in the page's language.
FRIENDLY = {
    400: (N_("Something went wrong with the form"), N_("Please go back and try again.")),
    403: (N_("This form has expired"), N_("Nothing was changed. Please go back, reload the "
                                          "page and try again. If it happens again, check "
                                          "that your browser accepts cookies from this "
                                          "site.")),
    405: (N_("That cannot be done here"), N_("Please go back and use the buttons on the "
                                             "page.")),
    413: (N_("That was too much to send"), N_("Please shorten what you typed and try "
                                              "again.")),
    429: (N_("Too many people are starting at once"), N_("Nothing was lost. Please wait a "
                                                         "minute, then try again.")),
}
CROSS_SITE = (N_("This form was sent from another site"),
              N_("Nothing was changed. Please use the form on this site."))
BUSY_PAGE = (N_("The service is busy"), N_("Nothing was lost and nothing was changed. Please "
                                           "wait a few seconds, then try again."))


def _renderer(request: Request) -> Renderer:
    return state(request).renderer


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _renderer(request).not_found(request)
    title, message = CROSS_SITE if isinstance(exc, CrossSite) else FRIENDLY.get(
        exc.status_code, (N_("Something went wrong"), str(exc.detail)))
    return _renderer(request).error(request, exc.status_code, title, message,
                                    headers=exc.headers)


async def not_found(request: Request, exc: Exception) -> Response:
    return _renderer(request).not_found(request)


async def forbidden(request: Request, exc: Exception) -> Response:
    """Every owner-only change (delete, diary, re-take) refused in one place."""
    return _renderer(request).error(
        request, 403, N_("Only the person who answered can change this"),
        N_("Changing or deleting a result or its diary works only in the browser that made "
           "it. Nothing was changed."))


async def bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if all(tuple(error["loc"])[:1] == ("path",) for error in exc.errors()):
        # /r/<token>/diary/abc/edit: no such page, as for any other unknown address.
        return _renderer(request).not_found(request)
    return _renderer(request).error(request, 422, *FRIENDLY[400])


async def busy(request: Request, exc: Exception) -> Response:
    return _renderer(request).error(request, 503, *BUSY_PAGE,
                                    headers={"Retry-After": RETRY_AFTER})


HANDLERS: dict[type[Exception], Handler] = {
    HTTPException: http_error, RequestValidationError: bad_request, NotFound: not_found,
    Forbidden: forbidden,
    **dict.fromkeys(BUSY, busy)}


def server_error(request: Request) -> Response:
    return _renderer(request).error(
        request, 500, N_("Sorry, there is a problem with the service"),
        N_("Your answers so far are saved. Please try again in a few minutes."))


FACE = Face("page", HANDLERS, server_error, answers_head=True)

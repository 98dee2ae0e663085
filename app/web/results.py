"""Result pages: the result (owner or shared, read-only), the printable summary, delete."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app import assessments, diaries
from app.assessments import Forbidden, NotFound, StoredResult
from app.deps import base_url, get_settings, uses_database
from app.settings import Settings
from app.triage.advice import DOCTOR_TESTS, DOCTOR_TESTS_SOURCES
from app.triage.sources import SOURCES, titles
from app.web import cookies
from app.web.diary import diary_context
from app.web.forms import posted_form
from app.web.qr import qr_svg
from app.web.render import PRIVATE_HEADERS
from app.web.view import answer_rows

router = APIRouter(include_in_schema=False)  # pages are not part of the JSON API


def stored_result(session: Session, token: str, request: Request) -> StoredResult:
    """The live result for the path's token; unknown, expired and deleted are one 404."""
    result = assessments.read(session, token, delete_key=cookies.owner_key(request))
    if result is None:
        raise NotFound
    return result


def _context(request: Request, session: Session, result: StoredResult,
             chart_days: int | None = None) -> dict:
    found = diaries.of_result(session, result.id, result.answers)
    return {**diary_context(found, chart_days), "token": result.token,
            "result": result, "source_titles": SOURCES,
            "share_url": f"{base_url(request)}/r/{result.token}",
            "print_url": f"/r/{result.token}/print"}


@router.get("/r/{token}", name="result")
@uses_database
def result_page(token: str, request: Request,
                *, session: Session) -> Response:
    result = stored_result(session, token, request)
    return request.app.state.renderer.render(
        request, "result.html", {**_context(request, session, result), "owner": result.owner},
        headers=PRIVATE_HEADERS)


@router.get("/r/{token}/print", name="print_summary")
@uses_database
def print_summary(token: str, request: Request,
                  *, session: Session) -> Response:
    result = stored_result(session, token, request)
    return request.app.state.renderer.render(request, "print.html", {
        **_context(request, session, result, chart_days=30),
        "rows": answer_rows(result.answers),
        "doctor_tests": DOCTOR_TESTS, "doctor_tests_sources": titles(DOCTOR_TESTS_SOURCES),
        "qr": qr_svg(f"{base_url(request)}/r/{token}"),
    }, headers=PRIVATE_HEADERS)


@router.get("/r/{token}/delete", name="confirm_delete")
@uses_database
def confirm_delete(token: str, request: Request,
                   *, session: Session) -> Response:
    if not stored_result(session, token, request).owner:
        raise Forbidden
    return request.app.state.renderer.render(request, "delete.html", {"token": token},
                                             headers=PRIVATE_HEADERS)


@router.post("/r/{token}/delete")
@uses_database
def delete(token: str, request: Request, _form: FormData = Depends(posted_form),
           *, session: Session,
           settings: Settings = Depends(get_settings)) -> Response:
    assessments.delete(session, token, cookies.owner_key(request))
    response = RedirectResponse("/deleted", status_code=303)
    cookies.clear_owner(response, token, settings)
    return response


@router.get("/deleted", name="deleted")
async def deleted(request: Request) -> Response:
    return request.app.state.renderer.render(request, "deleted.html", {})

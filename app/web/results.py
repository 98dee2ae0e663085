"""Result pages: the result (owner or shared, read-only), the printable summary, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app import assessments, diaries, i18n
from app.assessments import Forbidden, NotFound, StoredResult
from app.http.deps import OwnerKeyDep, SessionDep, SettingsDep, state
from app.http.headers import NOT_INDEXED
from app.http.language import language_of
from app.http.urls import base_url, path_for
from app.i18n import Language
from app.triage.advice import DOCTOR_TESTS_SOURCES
from app.triage.levels import LEVELS
from app.triage.sources import SOURCES, titles
from app.web import cookies
from app.web.deps import FormDep, RendererDep, pages_router, see_other
from app.web.diary_view import diary_context
from app.web.doctor import doctor_context, doctor_rows
from app.web.qr import qr_svg
from app.web.view import Citations, advice_groups, answer_rows, call_line

router = pages_router()


def stored_result(session: Session, token: str, owner_key: str | None) -> StoredResult:
    """The live result for the path's token; unknown, expired and deleted are one 404."""
    result = assessments.read(session, token, delete_key=owner_key)
    if result is None:
        raise NotFound
    return result


# The print in English for the doctor: `?in=en` (not `?lang=`, which would also change the
# person's own language, remembered in a cookie).
FORCED = "in"
# More of a page's context (the print's): from the result, its share link and doctor's rows.
Extra = Callable[[StoredResult, str, list[dict[str, Any]]], dict[str, Any]]


def shown_language(request: Request, result: StoredResult) -> Language:
    """A result is read in the language it was made in, unless the reader chose another:
    with the switch (`?lang=`, then remembered in the cookie), or the print in English
    (`?in=en`). A page in one language beside pages in another would be half swapped by
    htmx, and a person who chose English would lose their choice on the way back."""
    languages = state(request).languages
    if languages.get(request.query_params.get(i18n.QUERY)):
        return language_of(request)
    return (languages.get(request.query_params.get(FORCED))
            or languages.get(request.cookies.get(i18n.COOKIE))
            or languages.get(result.language) or language_of(request))


def _result_page(request: Request, session: Session, stored: StoredResult, name: str, *,
                 chart_days: int | None = None, notes: str = "",
                 extra: Extra | None = None) -> Response:
    """A page of the stored result and its diary, in the language it is read in."""
    language = shown_language(request, stored)
    with i18n.speaking(language):
        context = _result_context(request, session, stored.read_in(language), chart_days,
                                  notes, extra)
    return state(request).renderer.render(request, name, context, headers=NOT_INDEXED,
                                          language=language)


def _result_context(request: Request, session: Session, result: StoredResult,
                    chart_days: int | None, notes: str,
                    extra: Extra | None) -> dict[str, Any]:
    diary = diaries.of_result(session, result.id, result.answers)
    share_url = base_url(request) + path_for(request, "result", token=result.token)
    print_url = path_for(request, "print_summary", token=result.token)
    qr_url = path_for(request, "share_qr", token=result.token)
    if result.shown_in != result.language:
        # The print, and the link and QR code it gives a doctor, in the language read.
        print_url += f"?{i18n.QUERY}={result.shown_in}"
        share_url += f"?{i18n.QUERY}={result.shown_in}"
        # Not ?lang=: loading the image must not change the reader's own language.
        qr_url += f"?{FORCED}={result.shown_in}"
    # Only the owner is told of a re-take: a share link shows the one result it was given for.
    newer = assessments.newer(session, result.id) if result.owner else None
    # The answers in words, worked out once: the call line and the doctor's view use them.
    answer_words = answer_rows(result.answers, result.questionnaire_version)
    # Someone with the share link is most often a doctor: they get the doctor's view.
    doctor_view = not result.owner or extra is not None
    rows = doctor_rows(answer_words) if doctor_view else []
    doctor = doctor_context(result, diary, rows) if doctor_view else {}
    return {**diary_context(diary, chart_days), **doctor, "token": result.token,
           "newer": {"token": newer[0], "created_at": newer[1]} if newer else None,
           "result": result, "owner": result.owner, "source_titles": SOURCES,
           "call_line": call_line(answer_words),
           "advice_groups": advice_groups(result),
           "share_url": share_url, "qr_url": qr_url,
           "print_url": print_url,
           "english_print_url": None if result.shown_in == i18n.SOURCE_LANGUAGE
           else path_for(request, "print_summary", token=result.token)
           + f"?{FORCED}={i18n.SOURCE_LANGUAGE}",
           "notes_saved": notes in ("shown", "hidden"),
           # The start page lists the newest results kept here (the owner's "Coming back").
           "listed_on_start": result.owner and result.token in cookies.my_results(request)[
               :cookies.LISTED_ON_START],
           "listed_count": cookies.LISTED_ON_START,
           **(extra(result, share_url, rows) if extra else {})}


@router.get("/r/{token}", name="result")
def result_page(request: Request, token: str, session: SessionDep, owner_key: OwnerKeyDep,
                notes: str = "") -> Response:
    """`notes`: after the owner's notes switch, what it was set to (said at the top)."""
    result = stored_result(session, token, owner_key)
    return _result_page(request, session, result, "result.html", notes=notes)


# (how much there is to print, type size in points): the most that fits one page of A4 or
# US Letter at each size, found by printing in Chromium (tests/browser/test_clinical_v3.py).
PRINT_SIZES = ((1300, 10), (2100, 9), (3000, 8), (4200, 7), (8200, 6))
# Only for the fullest version-3 answers (every sign, symptom, medicine and long notes) in a
# language longer than English (Spanish runs about a tenth longer).
SMALLEST_PRINT_SIZE = 5


def print_type_size(result: StoredResult, rows: list[dict[str, Any]]) -> int:
    """The type size that fits the summary on one page: words, plus a line per answer."""
    amount = sum(len(r["text"]) for r in result.reasons) + sum(
        len(value) + 25 for row in rows for value in row["values"]) + sum(
        len(a["text"]) for a in result.advice if a["id"] == "safety-net")
    return next((size for most, size in PRINT_SIZES if amount <= most), SMALLEST_PRINT_SIZE)


def _summary_extra(result: StoredResult, share_url: str, rows: list[dict[str, Any]]
                   ) -> dict[str, Any]:
    safety_net = next((a for a in result.advice if a["id"] == "safety-net"), None)
    doctor_sources = titles(DOCTOR_TESTS_SOURCES)
    cited = [r["source_titles"] for r in result.reasons]
    if result.level.reassurance:
        cited.append([SOURCES["when-to-worry"]])
    cites = Citations.of(*cited, safety_net["source_titles"] if safety_net else [],
                         doctor_sources)
    return {"type_size": print_type_size(result, rows),
            "safety_net": safety_net, "cites": cites,
            "doctor_tests_sources": doctor_sources}


@router.get("/r/{token}/print", name="print_summary")
def print_summary(request: Request, token: str, session: SessionDep,
                  owner_key: OwnerKeyDep) -> Response:
    result = stored_result(session, token, owner_key)
    return _result_page(request, session, result, "print.html", chart_days=30,
                        extra=_summary_extra)


@router.get("/r/{token}/qr.svg", name="share_qr")
def share_qr(request: Request, token: str, session: SessionDep,
             owner_key: OwnerKeyDep) -> Response:
    """The printed summary's QR code: its share link (read in `?in=`'s language, when the
    print is in another language than the result's)."""
    result = stored_result(session, token, owner_key)
    share_url = base_url(request) + path_for(request, "result", token=result.token)
    read_in = state(request).languages.get(request.query_params.get(FORCED))
    if read_in and read_in.code != result.language:
        share_url += f"?{i18n.QUERY}={read_in.code}"
    return Response(qr_svg(share_url), media_type="image/svg+xml", headers=NOT_INDEXED)


@router.get("/r/{token}/delete", name="confirm_delete")
def confirm_delete(request: Request, token: str, session: SessionDep,
                   owner_key: OwnerKeyDep, renderer: RendererDep) -> Response:
    result = stored_result(session, token, owner_key)
    if not result.owner:
        raise Forbidden
    return renderer.render(request, "delete.html", {
        "token": result.token, "entries": diaries.count(session, result.id)},
        headers=NOT_INDEXED)


@router.post("/r/{token}/delete", name="delete")
def delete(request: Request, token: str, form: FormDep, session: SessionDep,
           owner_key: OwnerKeyDep, settings: SettingsDep) -> Response:
    assessments.delete(session, token, owner_key)
    response = see_other(path_for(request, "deleted"))
    cookies.clear_owner(response, path_for(request, "result", token=token), settings)
    cookies.remember_mine(request, response, token, settings, forget=True)
    return response


@router.get("/deleted", name="deleted")
async def deleted(request: Request, renderer: RendererDep) -> Response:
    return renderer.render(request, "deleted.html", {})


@router.get("/levels", name="levels")
async def levels(request: Request, renderer: RendererDep) -> Response:
    """What the five levels mean (linked from every result)."""
    return renderer.render(request, "levels.html", {
        "levels": [level.translated(i18n.gettext) for level in LEVELS]})

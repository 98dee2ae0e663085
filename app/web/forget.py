""""Forget this device": a confirmation page that says what happens to each result this
browser made, then forgetting the answers in progress, the session, the device's list of
results and their delete keys.

A result itself stays (readable by its link) until it expires, and once its key is gone
nobody can delete it sooner. So a device is forgotten only when the person was shown every
result it would lose the key to: the form names the results it listed, and a post that
leaves one out (a stale page, an old form) gets the confirmation page again instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app import assessments, diaries, drafts
from app.http.deps import SessionDep, SettingsDep, state
from app.http.headers import NOT_INDEXED
from app.http.sessions import session_cookie
from app.http.urls import path_for
from app.web import cookies
from app.web.deps import FormDep, SessionIdDep, pages_router, see_other

router = pages_router()


def _results_here(request: Request, session: Session) -> list[dict[str, Any]]:
    """The live results this browser made, each with its diary's size and expiry."""
    found = []
    for token in cookies.my_results(request):
        result = assessments.read(session, token)
        if result is not None:
            found.append({"result": result, "entries": diaries.count(session, result.id)})
    return found


def _confirm_page(request: Request, session: Session, draft_id: str, *,
                  unseen: bool = False) -> Response:
    draft = drafts.load(session, draft_id)
    return state(request).renderer.render(request, "forget.html", {
        "results": _results_here(request, session),
        "has_answers": bool(draft and draft.answers and not draft.result_token),
        "unseen": unseen,
    }, status_code=409 if unseen else 200, headers=NOT_INDEXED)


@router.get("/forget", name="forget_confirm")
def confirm_forget(request: Request, session: SessionDep, draft_id: SessionIdDep) -> Response:
    return _confirm_page(request, session, draft_id)


@router.post("/forget", name="forget")
def forget(request: Request, form: FormDep, session: SessionDep, draft_id: SessionIdDep,
           settings: SettingsDep) -> Response:
    told = {t for t in form.getlist("told") if isinstance(t, str)}
    live = [found["result"].token for found in _results_here(request, session)]
    if set(live) - told:
        return _confirm_page(request, session, draft_id, unseen=True)
    drafts.clear(session, draft_id)
    response = see_other(path_for(request, "start") + "?forgotten="
                         + ("kept" if live else "1"))
    # Every key this device holds goes (also those of results already gone): on a shared
    # device nobody after the person can change or delete them.
    for token in cookies.my_results(request):
        cookies.clear_owner(response, path_for(request, "result", token=token), settings)
    for name in (session_cookie(settings.cookie_secure), cookies.MINE):
        response.delete_cookie(name, path="/", httponly=True, samesite="lax",
                               secure=settings.cookie_secure)
    return response

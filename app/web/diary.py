"""The diary pages: list, chart, add, edit and delete (owner only), CSV, re-take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

from app import assessments, diaries, drafts
from app.diary_csv import csv_text
from app.http.deps import OwnerKeyDep, SessionDep, SettingsDep, state
from app.http.headers import NOT_INDEXED
from app.http.urls import path_for
from app.web.deps import FormDep, SessionIdDep, pages_router, see_other
from app.web.diary_form import entry_from_form, entry_values, form_values
from app.web.diary_view import PERIODS, diary_context

router = pages_router()
PER_PAGE = 50


def _whole_number(value: object) -> object:
    """A query's number as a link would give it (ASCII digits, at most ten); anything else
    is 0, which every page here reads as "none": an odd address still shows the page."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else 0


Number = Annotated[int, BeforeValidator(_whole_number)]


def _render(request: Request, session: Session, token: str, owner_key: str | None,
            name: str, *, days: int = 30, page: int = 1, status: int = 200,
            **extra: Any) -> Response:
    result = assessments.read(session, token, delete_key=owner_key)
    if result is None:
        raise assessments.NotFound
    context = diary_context(diaries.of_result(session, result.id, result.answers),
                            days if days in PERIODS else 30)
    entries = context["diary"].entries
    total = len(entries)
    pages_count = max(1, -(-total // PER_PAGE))
    page = page if 1 <= page <= pages_count else 1
    # Without JavaScript the add form starts at the zone of the entry saved last (the
    # person's last choice), or at no zone: a choice to make, never a guess.
    last_choice = max(entries, key=lambda e: e.id).tz if entries else ""
    return state(request).renderer.render(request, name, {
        **context, "token": token, "owner": result.owner, "errors": [],
        "notes_shared": result.notes_shared,
        # app.js sets a fresh add form to the browser's zone on every visit (people travel);
        # a form sent back with errors keeps the zone the person chose.
        "values": {"tz": last_choice}, "browser_zone": "values" not in extra,
        "saved": None, "deleted": False,
        "listed": entries[::-1][(page - 1) * PER_PAGE:page * PER_PAGE],
        "page": page, "pages": pages_count, "total": total,
        "full": total >= state(request).settings.diary_max_entries, **extra},
        status_code=status, headers=NOT_INDEXED)


@router.get("/r/{token}/diary", name="diary_page")
def diary_page(request: Request, token: str, session: SessionDep, owner_key: OwnerKeyDep,
               days: Number = 30, page: Number = 1, saved: Number = 0,
               deleted: str = "") -> Response:
    # After adding: say so at the top, where the page opens (the entry may be far down).
    entry = None
    if 0 < saved < diaries.MAX_ID:
        try:
            entry = diaries.get(session, token, owner_key, saved)
        except (assessments.NotFound, assessments.Forbidden):
            entry = None
    return _render(request, session, token, owner_key, "diary.html", days=days, page=page,
                   saved=entry, deleted=deleted == "1")


def _owner_action(request: Request, session: Session, token: str, owner_key: str | None,
                  action: Callable[[], Any], template: str, **extra: Any) -> Response:
    """Do an owner-only change, then back to the diary (saying what was saved); bad input
    re-renders the form. (A wrong key or unknown result is answered by the shared error
    handlers.)"""
    try:
        done = action()
    except assessments.InvalidAnswers as exc:
        return _render(request, session, token, owner_key, template, status=422,
                       errors=exc.errors, **extra)
    except diaries.DiaryFull as exc:
        return _render(request, session, token, owner_key, template, status=422,
                       errors=[diaries.full_message(exc.most)], **extra)
    except assessments.TooMany:
        return _render(request, session, token, owner_key, template, status=429,
                       errors=[diaries.busy_message()], **extra)
    return see_other(f"{path_for(request, 'diary_page', token=token)}?saved={done.id}")


@router.post("/r/{token}/diary", name="add_entry")
def add_entry(request: Request, token: str, form: FormDep, session: SessionDep,
              owner_key: OwnerKeyDep, settings: SettingsDep) -> Response:
    data = entry_from_form(form)
    return _owner_action(request, session, token, owner_key, lambda: diaries.add(
        session, token, owner_key, data, most=settings.diary_max_entries,
        gate=lambda: state(request).write_limits.take_diary(request.client)),
        "diary.html", values=form_values(form))


@router.get("/r/{token}/diary/{entry_id}/edit", name="edit_entry_page")
def edit_entry_page(request: Request, token: str, entry_id: int, session: SessionDep,
                    owner_key: OwnerKeyDep) -> Response:
    entry = diaries.get(session, token, owner_key, entry_id)
    return _render(request, session, token, owner_key, "diary_entry.html", entry_id=entry_id,
                   values=entry_values(entry))


@router.post("/r/{token}/diary/{entry_id}", name="edit_entry")
def edit_entry(request: Request, token: str, entry_id: int, form: FormDep,
               session: SessionDep, owner_key: OwnerKeyDep) -> Response:
    data = entry_from_form(form)
    return _owner_action(request, session, token, owner_key, lambda: diaries.update(
        session, token, owner_key, entry_id, data), "diary_entry.html",
        entry_id=entry_id, values=form_values(form))


@router.get("/r/{token}/diary/{entry_id}/delete", name="confirm_delete_entry")
def confirm_delete_entry(request: Request, token: str, entry_id: int, session: SessionDep,
                         owner_key: OwnerKeyDep) -> Response:
    entry = diaries.get(session, token, owner_key, entry_id)
    return _render(request, session, token, owner_key, "diary_delete.html", entry=entry)


@router.post("/r/{token}/diary/{entry_id}/delete", name="delete_entry")
def delete_entry(request: Request, token: str, entry_id: int, form: FormDep,
                 session: SessionDep, owner_key: OwnerKeyDep) -> Response:
    diaries.remove(session, token, owner_key, entry_id)
    return see_other(f"{path_for(request, 'diary_page', token=token)}?deleted=1")


@router.get("/r/{token}/diary.csv", name="diary_csv")
def diary_csv(token: str, session: SessionDep, owner_key: OwnerKeyDep) -> Response:
    result = assessments.read(session, token, delete_key=owner_key)
    if result is None:
        raise assessments.NotFound
    found = diaries.of_result(session, result.id, result.answers)
    # The notes are the person's own words: through the link only when they said so.
    text = csv_text(found.entries, notes=result.owner or result.notes_shared)
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        **NOT_INDEXED, "Content-Disposition": 'attachment; filename="twitch-diary.csv"'})


@router.post("/r/{token}/retake", name="retake")
def retake(request: Request, token: str, form: FormDep, session: SessionDep,
           draft_id: SessionIdDep, owner_key: OwnerKeyDep, settings: SettingsDep) -> Response:
    drafts.start_retake(session, draft_id, token, owner_key, settings=settings)
    return see_other(path_for(request, "check_answers"))

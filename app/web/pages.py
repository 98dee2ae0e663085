"""The questionnaire pages: start, one page per question, check answers, submit.

Every form posts to a real URL and answers with a 303 (post/redirect/get); htmx only
enhances the same forms.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app import assessments, flow
from app import questionnaire as q
from app.answers import AnswerError, from_form
from app.deps import get_settings, uses_database
from app.settings import Settings
from app.web import cookies
from app.web.forms import posted_form
from app.web.view import answer_rows

router = APIRouter(include_in_schema=False)  # pages are not part of the JSON API
CHECK_ANSWERS = "/check-answers"


def question_url(link_id: str, change: bool = False) -> str:
    return f"/questions/{link_id}" + ("?change=1" if change else "")


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _where_to_resume(answers: dict[str, Any], change: bool = False) -> str:
    missing = flow.first_unanswered(answers)
    return question_url(missing.link_id, change) if missing else CHECK_ANSWERS


@router.get("/", name="start")
@uses_database
def start(request: Request, *, session: Session) -> Response:
    answers = assessments.load_draft(session, cookies.session_id(request))
    return request.app.state.renderer.render(request, "start.html", {
        "first_url": question_url(q.ITEMS[0].link_id),
        "resume_url": _where_to_resume(answers) if answers else None,
    })


def _question_page(request: Request, item: q.Item, answers: dict[str, Any], *, change: bool,
                   value: Any = None, error: AnswerError | None = None) -> Response:
    previous = flow.previous_item(item.link_id, answers)
    back = question_url(previous.link_id) if previous else "/"
    if change:
        back = CHECK_ANSWERS
    if item.kind == "bool":
        chosen = [] if value is None else ["yes" if value else "no"]
    elif isinstance(value, list):
        chosen = value
    else:
        chosen = [] if value is None else [value]
    return request.app.state.renderer.render(request, "question.html", {
        "item": item, "value": value, "chosen": chosen, "error": error,
        "action": question_url(item.link_id, change), "back_url": back,
        "progress": flow.progress(item.link_id, answers),
        "urgent": flow.shows_urgent_banner(answers),
    }, status_code=422 if error else 200)


@router.get("/questions/{link_id}", name="question")
@uses_database
def question(link_id: str, request: Request, change: bool = False,
             *, session: Session) -> Response:
    item = q.get(link_id)
    if item is None:
        return request.app.state.renderer.not_found(request)
    answers = assessments.load_draft(session, cookies.session_id(request))
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(answers))
    return _question_page(request, item, answers, change=change, value=answers.get(link_id))


@router.post("/questions/{link_id}")
@uses_database
def answer(link_id: str, request: Request, change: bool = False,
           form: FormData = Depends(posted_form), *, session: Session,
           settings: Settings = Depends(get_settings)) -> Response:
    item = q.get(link_id)
    if item is None:
        return request.app.state.renderer.not_found(request)
    draft_id = cookies.session_id(request)
    answers = assessments.load_draft(session, draft_id)
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(answers))
    values = [v for v in form.getlist(link_id) if isinstance(v, str)]
    value, errors = from_form(item, values)
    if errors:
        # Show what they sent (only known codes), so nothing they chose is lost.
        shown = value if value is not None else [v for v in values if v in item.codes]
        return _question_page(request, item, answers, change=change, value=shown,
                              error=errors[0])
    answers = assessments.save_answer(session, draft_id, link_id, value, settings=settings)
    if flow.ends_early(answers):
        return _submit(session, draft_id, settings)
    if change:
        target = _where_to_resume(answers, change=True)
    else:
        following = flow.next_item(link_id, answers)
        target = question_url(following.link_id) if following else CHECK_ANSWERS
    return see_other(target)


@router.get(CHECK_ANSWERS, name="check_answers")
@uses_database
def check_answers(request: Request, *, session: Session,
                  settings: Settings = Depends(get_settings)) -> Response:
    answers = assessments.load_draft(session, cookies.session_id(request))
    if not answers or flow.first_unanswered(answers):
        return see_other(_where_to_resume(answers))
    last = flow.enabled_items(answers)[-1]
    return request.app.state.renderer.render(request, "check_answers.html", {
        "rows": answer_rows(answers), "back_url": question_url(last.link_id),
        "urgent": flow.shows_urgent_banner(answers),
        "retention_days": settings.retention_days,
    })


def _submit(session: Session, draft_id: str, settings: Settings) -> Response:
    try:
        result, delete_key = assessments.submit_draft(session, draft_id, settings=settings)
    except assessments.InvalidAnswers:
        return see_other(_where_to_resume(assessments.load_draft(session, draft_id)))
    response = see_other(f"/r/{result.token}")
    cookies.set_owner(response, result.token, delete_key, settings)
    return response


@router.post(CHECK_ANSWERS)
@uses_database
def submit(request: Request, _form: FormData = Depends(posted_form),
           *, session: Session,
           settings: Settings = Depends(get_settings)) -> Response:
    draft_id = cookies.session_id(request)
    if not assessments.load_draft(session, draft_id):
        # Nothing in progress (already submitted, or expired): begin again from the start.
        return see_other("/")
    return _submit(session, draft_id, settings)


@router.post("/start-again")
@uses_database
def start_again(request: Request, _form: FormData = Depends(posted_form),
                *, session: Session) -> Response:
    assessments.clear_draft(session, cookies.session_id(request))
    return see_other("/")

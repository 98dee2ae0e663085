"""The questionnaire pages: start, one page per question, check answers, submit.

Every form posts to a real URL and answers with a 303 (post/redirect/get); htmx only
enhances the same forms.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app import assessments, flow
from app import questionnaire as q
from app.answers import AnswerError, from_form, frozen
from app.settings import Settings
from app.web import cookies
from app.web.routing import Pages
from app.web.view import answer_rows

pages = Pages()
CHECK_ANSWERS = "/check-answers"


def question_url(link_id: str, change: bool = False) -> str:
    return f"/questions/{link_id}" + ("?change=1" if change else "")


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _where_to_resume(answers: dict[str, Any], change: bool = False) -> str:
    """The first page still to answer, or check-answers. A gap before answers already given
    (a question new since the draft began) is filled in the "change" way: each answer then
    leads to the next gap, and back to check-answers at the end."""
    missing = flow.first_unanswered(answers)
    if missing is None:
        return CHECK_ANSWERS
    return question_url(missing.link_id, change or flow.answered_after(missing, answers))


@pages.get("/", name="start")
def start(request: Request, *, session: Session) -> Response:
    answers = assessments.load_draft(session, cookies.session_id(request))
    return request.app.state.renderer.render(request, "start.html", {
        "first_url": question_url(q.ITEMS[0].link_id),
        "resume_url": _where_to_resume(answers) if answers else None,
    })


FREE_TEXT = tuple(item.link_id for item in q.ITEMS if item.kind == "text")


def _page_key(answers: dict[str, Any]) -> tuple | None:
    """What a page shown for these answers is cached by; None (not cached) once free text
    has been typed: that stays in the database only, not in memory as well."""
    if any(answers.get(link_id) for link_id in FREE_TEXT):
        return None
    return frozen(answers)


def _question_page(request: Request, item: q.Item, answers: dict[str, Any], *, change: bool,
                   value: Any = None, error: AnswerError | None = None) -> Response:
    def context() -> dict[str, Any]:
        previous = flow.previous_item(item.link_id, answers)
        back = question_url(previous.link_id) if previous else "/"
        if item.kind == "bool":
            chosen = [] if value is None else ["yes" if value else "no"]
        elif isinstance(value, list):
            chosen = value
        else:
            chosen = [] if value is None else [value]
        return {
            "item": item, "value": value, "chosen": chosen, "error": error,
            "action": question_url(item.link_id, change),
            "back_url": CHECK_ANSWERS if change else back,
            "progress": flow.progress(item.link_id, answers),
            "urgent": flow.urgent_signs(answers),
            "enabled_by": flow.what_enabled(item, answers)
            if item.lists_what_enabled_it else [],
        }

    # Without an error the page shows the stored answer: it depends on nothing else.
    shows_stored = error is None and value == answers.get(item.link_id)
    answers_key = _page_key(answers) if shows_stored else None
    key = None if answers_key is None else ("question", item.link_id, change, answers_key)
    return request.app.state.renderer.render(request, "question.html", context, key=key,
                                             status_code=422 if error else 200)


def _is_change(request: Request) -> bool:
    # From the check-answers page: come back there after this answer. (Most requests have
    # no query string; parsing an empty one still cost a few microseconds.)
    return bool(request.scope["query_string"]) and \
        request.query_params.get("change") in ("1", "true")


@pages.get("/questions/{link_id}", name="question")
def question(request: Request, *, session: Session) -> Response:
    link_id, change = request.path_params["link_id"], _is_change(request)
    item = q.get(link_id)
    if item is None:
        return request.app.state.renderer.not_found(request)
    answers = assessments.load_draft(session, cookies.session_id(request))
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(answers))
    return _question_page(request, item, answers, change=change, value=answers.get(link_id))


@pages.post("/questions/{link_id}")
def answer(request: Request, *, form: FormData, session: Session) -> Response:
    link_id, change = request.path_params["link_id"], _is_change(request)
    settings: Settings = request.app.state.settings
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
    # Answers to items this one now disables are dropped as it is stored.
    answers = assessments.save_draft_answers(session, draft_id, {**answers, link_id: value},
                                             settings=settings)
    if flow.ends_early(answers):
        return _submit(session, draft_id, settings)
    if change:
        target = _where_to_resume(answers, change=True)
    else:
        following = flow.next_item(link_id, answers)
        target = question_url(following.link_id) if following else CHECK_ANSWERS
    return see_other(target)


@pages.get(CHECK_ANSWERS, name="check_answers")
def check_answers(request: Request, *, session: Session) -> Response:
    settings: Settings = request.app.state.settings
    answers = assessments.load_draft(session, cookies.session_id(request))
    if not answers or flow.first_unanswered(answers):
        return see_other(_where_to_resume(answers))
    return request.app.state.renderer.render(request, "check_answers.html", lambda: {
        "rows": answer_rows(answers),
        "back_url": question_url(flow.enabled_items(answers)[-1].link_id),
        "urgent": flow.urgent_signs(answers),
        "retention_days": settings.retention_days,
    }, key=_page_key(answers))


def _submit(session: Session, draft_id: str, settings: Settings) -> Response:
    try:
        submitted = assessments.submit_draft(session, draft_id, settings=settings)
    except assessments.InvalidAnswers:
        return see_other(_where_to_resume(assessments.load_draft(session, draft_id)))
    if submitted is None:
        # Nothing in progress (already submitted, or expired): begin again from the start.
        return see_other("/")
    result, delete_key = submitted
    response = see_other(f"/r/{result.token}")
    cookies.set_owner(response, result.token, delete_key, settings)
    return response


@pages.post(CHECK_ANSWERS)
def submit(request: Request, *, form: FormData, session: Session) -> Response:
    return _submit(session, cookies.session_id(request), request.app.state.settings)


@pages.post("/start-again")
def start_again(request: Request, *, form: FormData, session: Session) -> Response:
    assessments.clear_draft(session, cookies.session_id(request))
    return see_other("/")

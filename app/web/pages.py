"""The questionnaire pages: start, one page per question, check answers, submit.

Every form posts to a real URL and answers with a 303 (post/redirect/get); htmx only
enhances the same forms.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app import assessments, drafts, flow
from app import questionnaire as q
from app.answers import AnswerError
from app.assessments import InvalidAnswers
from app.form_answers import from_form
from app.settings import Settings
from app.web import cookies
from app.web.routing import Pages, path_for, see_other
from app.web.view import advice_groups, answer_rows, call_line

pages = Pages()
CHECK_ANSWERS = "/check-answers"
# Pages with an answer that gives the result at once say first that it will be stored.
EARLY_EXIT_ITEMS = frozenset(i.link_id for i in q.ITEMS
                             if any(o.ends_questionnaire for o in i.options))


def question_url(link_id: str, change: bool = False) -> str:
    return f"/questions/{link_id}" + ("?change=1" if change else "")



def _where_to_resume(answers: dict[str, Any], change: bool = False) -> str:
    """The first page still to answer, or check-answers. A gap before answers already given
    (a question new since the draft began) is filled in the "change" way: each answer then
    leads to the next gap, and back to check-answers at the end."""
    missing = flow.first_unanswered(answers)
    if missing is None:
        return CHECK_ANSWERS
    return question_url(missing.link_id, change or flow.answered_after(missing, answers))


def _draft_id(request: Request) -> str:
    return request.state.session_id


@pages.get("/", name="start")
def start(request: Request, *, session: Session) -> Response:
    draft = drafts.load(session, _draft_id(request))
    # Answers already sent are a result, listed below: not something to "continue".
    answers = draft.answers if draft and not draft.result_token else {}
    mine = [found for token in cookies.my_results(request)
            if (found := assessments.read(session, token)) is not None]
    return request.app.state.renderer.render(request, "start.html", {
        "my_results": mine,
        "first_url": question_url(q.ITEMS[0].link_id),
        "resume_url": _where_to_resume(answers) if answers else None,
        "submitted": bool(draft and draft.result_token),
        "forgotten": {"1": "1", "kept": "kept"}.get(request.query_params.get("forgotten", "")),
        "retention_days": request.app.state.settings.retention_days,
    })


def _question_page(request: Request, item: q.Item, answers: dict[str, Any], *, change: bool,
                   value: Any = None, error: AnswerError | None = None,
                   status_code: int = 422, headers: dict[str, str] | None = None) -> Response:
    previous = flow.previous_item(item.link_id, answers)
    back = question_url(previous.link_id) if previous else "/"
    return request.app.state.renderer.render(request, "question.html", {
        "item": item, "value": value, "chosen": q.chosen_codes(value), "error": error,
        "action": question_url(item.link_id, change),
        "back_url": CHECK_ANSWERS if change else back,
        "progress": flow.progress(item.link_id, answers),
        "urgent": flow.urgent_signs(answers), "needed": flow.action_needed(answers),
        # After a drooping face the onset page said "today" first: a sudden start is "now".
        "call_if": [o for o in item.options if o.ends_questionnaire and item.kind == "single"],
        "enabled_by": flow.what_enabled(item, answers) if item.lists_what_enabled_it else [],
        "stores_at_once": item.link_id in EARLY_EXIT_ITEMS,
        # A refused answer that named an emergency still repeats what to do now.
        "emergency_chosen": error is not None and any(
            o.ends_questionnaire for o in item.options if o.code in q.chosen_codes(value)),
        "retention_days": request.app.state.settings.retention_days,
    }, status_code=status_code if error else 200, headers=headers)


def _is_change(request: Request) -> bool:
    # From the check-answers page: come back there after this answer.
    return request.query_params.get("change") in ("1", "true")


@pages.get("/questions/{link_id}", name="question")
def question(request: Request, *, session: Session) -> Response:
    link_id = request.path_params["link_id"]
    item = q.get(link_id)
    if item is None:
        return request.app.state.renderer.not_found(request)
    answers = drafts.answers_of(session, _draft_id(request))
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(answers))
    return _question_page(request, item, answers, change=_is_change(request),
                          value=answers.get(link_id))


def _wait_to_start(request: Request) -> float | None:
    """A new questionnaire, and each new result, takes a token from its client's bucket,
    then from everyone's (app.ratelimit): None when it may be stored now, else the seconds
    to wait."""
    return request.app.state.write_limits.take(request.client)


def _emergency_unstored(request: Request, answers: dict[str, Any]) -> Response | None:
    """Over a limit, nothing is stored. Someone whose answers are an emergency still gets
    the whole emergency result, with the numbers to call, never a refusal (issue 20):
    scored, shown, kept nowhere. None for anyone else: the caller gives their answers back
    with a message to send them again soon."""
    result = assessments.emergency_among(answers, settings=request.app.state.settings)
    if result is None:
        return None
    return request.app.state.renderer.render(request, "emergency.html", {
        "result": result, "call_line": call_line(result.answers),
        "advice_groups": advice_groups(result)})


BUSY = ("Too many people are sending answers at once. Nothing was lost: please wait a "
        "minute, then send it again.")


@pages.post("/questions/{link_id}")
def answer(request: Request, *, form: FormData, session: Session) -> Response:
    link_id, change = request.path_params["link_id"], _is_change(request)
    item = q.get(link_id)
    if item is None:
        return request.app.state.renderer.not_found(request)
    draft = drafts.load(session, _draft_id(request))
    answers = draft.answers if draft else {}
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(answers))
    values = [v for v in form.getlist(link_id) if isinstance(v, str)]
    value, errors = from_form(item, values)
    if errors:
        # Show what they sent (only known codes), so nothing they chose is lost.
        shown = value if value is not None else [v for v in values if v in item.codes]
        return _question_page(request, item, answers, change=change, value=shown,
                              error=errors[0])
    if draft is None and (wait := _wait_to_start(request)) is not None:
        answered = {**answers, link_id: value}
        return _emergency_unstored(request, answered) or _question_page(
            request, item, answered, change=change, value=value,
            error=AnswerError(item.link_id, "busy", BUSY), status_code=429,
            headers={"Retry-After": str(math.ceil(wait))})
    answers = drafts.record(session, _draft_id(request), draft, {**answers, link_id: value},
                            settings=request.app.state.settings)
    if flow.ends_early(answers):
        return _submit(request, session, shown=None)
    return see_other(_after(link_id, answers, change=change))


def _after(link_id: str, answers: dict[str, Any], *, change: bool) -> str:
    """The page after an answer: back to check-answers after a change (by way of any
    question the change opened), else the next question."""
    if change:
        return _where_to_resume(answers, change=True)
    following = flow.next_item(link_id, answers)
    return question_url(following.link_id) if following else CHECK_ANSWERS


def _check_answers_page(request: Request, draft: drafts.Draft, *, stale: bool = False,
                        busy: float | None = None) -> Response:
    answers = draft.answers
    return request.app.state.renderer.render(request, "check_answers.html", {
        "rows": answer_rows(answers),
        "back_url": question_url(flow.enabled_items(answers)[-1].link_id),
        "urgent": flow.urgent_signs(answers), "needed": flow.action_needed(answers),
        "retention_days": request.app.state.settings.retention_days,
        "fingerprint": drafts.fingerprint(answers), "submitted_as": draft.result_token,
        "stale": stale, "busy": busy is not None,
    }, status_code=409 if stale else 429 if busy is not None else 200,
        headers={"Retry-After": str(math.ceil(busy))} if busy is not None else None)


@pages.get(CHECK_ANSWERS, name="check_answers")
def check_answers(request: Request, *, session: Session) -> Response:
    draft = drafts.load(session, _draft_id(request))
    if draft is None or not draft.answers or flow.first_unanswered(draft.answers):
        return see_other(_where_to_resume(draft.answers if draft else {}))
    return _check_answers_page(request, draft)


def _submit(request: Request, session: Session, *, shown: str | None) -> Response:
    settings: Settings = request.app.state.settings
    draft_id = _draft_id(request)
    try:
        submitted = drafts.submit(session, draft_id, shown, settings=settings,
                                  secret=request.app.state.signing_key,
                                  gate=lambda: _wait_to_start(request))
    except InvalidAnswers:  # drafts.submit rolled its claim back
        return see_other(_where_to_resume(drafts.answers_of(session, draft_id)))
    except drafts.StaleAnswers:
        draft = drafts.load(session, draft_id)
        assert draft is not None
        return _check_answers_page(request, draft, stale=True)
    except assessments.TooMany as refused:
        # Every stored result takes a token, not only a new draft: changing an answer back
        # and forth on page 1 once stored 100 results a second from one browser.
        draft = drafts.load(session, draft_id)
        assert draft is not None
        return _emergency_unstored(request, draft.answers) or _check_answers_page(
            request, draft, busy=refused.wait)
    if submitted is None:
        # Nothing in progress (expired, or never begun): begin again from the start.
        return see_other("/")
    result, delete_key = submitted
    response = see_other(path_for(request, "result", token=result.token))
    cookies.set_owner(response, result.token, delete_key, settings)
    cookies.remember_mine(request, response, result.token, settings)
    return response


@pages.post(CHECK_ANSWERS)
def submit(request: Request, *, form: FormData, session: Session) -> Response:
    shown = form.get("answers")
    return _submit(request, session, shown=shown if isinstance(shown, str) else "")


@pages.post("/start-again")
def start_again(request: Request, *, form: FormData, session: Session) -> Response:
    drafts.clear(session, _draft_id(request))
    return see_other(question_url(q.ITEMS[0].link_id))

"""The questionnaire pages: start, one page per question, check answers, submit.

Every form posts to a real URL. Without JavaScript an answer is answered with a 303 to the
next page (post/redirect/get); with htmx, with the next page itself and its address in
HX-Push-Url: one round trip a step.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app import assessments, drafts, flow, i18n
from app import questionnaire as q
from app.answers import AnswerError
from app.assessments import InvalidAnswers
from app.form_answers import from_form
from app.http.deps import SessionDep, SettingsDep, state
from app.http.urls import path_for
from app.i18n import N_
from app.web import cookies
from app.web.deps import FormDep, RendererDep, SessionIdDep, pages_router, see_other
from app.web.render import is_htmx
from app.web.view import advice_groups, answer_rows, call_line

router = pages_router()
# Pages with an answer that gives the result at once say first that it will be stored.
EARLY_EXIT_ITEMS = frozenset(i.link_id for i in q.ITEMS
                             if any(o.ends_questionnaire for o in i.options))


def question_url(request: Request, link_id: str, change: bool = False) -> str:
    return path_for(request, "question", link_id=link_id) + ("?change=1" if change else "")


def _where_to_resume(request: Request, answers: dict[str, Any], change: bool = False) -> str:
    """The first page still to answer, or check-answers. A gap before answers already given
    (a question new since the draft began) is filled in the "change" way: each answer then
    leads to the next gap, and back to check-answers at the end."""
    missing = flow.first_unanswered(answers)
    if missing is None:
        return path_for(request, "check_answers")
    return question_url(request, missing.link_id,
                        change or flow.answered_after(missing, answers))


@router.get("/", name="start")
def start(request: Request, session: SessionDep, settings: SettingsDep,
          draft_id: SessionIdDep, renderer: RendererDep, forgotten: str = "") -> Response:
    draft = drafts.load(session, draft_id)
    # Answers already sent are a result, listed below: not something to "continue".
    answers = draft.answers if draft and not draft.result_token else {}
    mine = list(islice((found for token in cookies.my_results(request)
                        if (found := assessments.read(session, token)) is not None),
                       cookies.LISTED_ON_START))
    return renderer.render(request, "start.html", {
        "my_results": mine,
        "first_url": question_url(request, q.ITEMS[0].link_id),
        "resume_url": _where_to_resume(request, answers) if answers else None,
        "submitted": bool(draft and draft.result_token),
        "forgotten": {"1": "1", "kept": "kept"}.get(forgotten),
        "retention_days": settings.retention_days,
    })


def _question_page(request: Request, item: q.Item, answers: dict[str, Any], *, change: bool,
                   value: Any = None, error: AnswerError | None = None,
                   status_code: int = 422, headers: dict[str, str] | None = None) -> Response:
    previous = flow.previous_item(item.link_id, answers)
    back = question_url(request, previous.link_id, change) if previous \
        else path_for(request, "start")
    return state(request).renderer.render(request, "question.html", {
        "item": item, "value": value, "chosen": q.chosen_codes(value), "error": error,
        "action": question_url(request, item.link_id, change),
        # Check answers only once every answer is there: until then it sends them back here.
        "back_url": path_for(request, "check_answers")
        if change and flow.first_unanswered(answers) is None else back,
        "progress": flow.progress(item.link_id, answers),
        "urgent": flow.urgent_signs(answers), "needed": flow.action_needed(answers),
        # After a drooping face the onset page said "today" first: a sudden start is "now".
        "call_if": [o for o in item.options if o.ends_questionnaire and item.kind == "single"],
        "enabled_by": flow.what_enabled(item, answers) if item.lists_what_enabled_it else [],
        "stores_at_once": item.link_id in EARLY_EXIT_ITEMS,
        # A refused answer that named an emergency still repeats what to do now.
        "emergency_chosen": error is not None and any(
            o.ends_questionnaire for o in item.options if o.code in q.chosen_codes(value)),
        "retention_days": state(request).settings.retention_days,
        # The language switch sends this form: the answer chosen but not sent is kept.
        "switch_form": QUESTION_FORM,
    }, status_code=status_code if error else 200, headers=headers)


# From the check-answers page: come back there after this answer.
Change = Annotated[str, Query(alias="change")]


def _is_change(change: str) -> bool:
    return change in ("1", "true")


@router.get("/questions/{link_id}", name="question")
def question(request: Request, link_id: str, session: SessionDep, draft_id: SessionIdDep,
             change: Change = "") -> Response:
    item = q.get(link_id)
    if item is None:
        return state(request).renderer.not_found(request)
    answers = drafts.answers_of(session, draft_id)
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(request, answers))
    return _question_page(request, item, answers, change=_is_change(change),
                          value=answers.get(link_id))


def _wait_to_start(request: Request) -> float | None:
    """A new questionnaire, and each new result, takes a token from its client's bucket,
    then from everyone's (app.ratelimit): None when it may be stored now, else the seconds
    to wait."""
    return state(request).write_limits.take(request.client)


def _emergency_unstored(request: Request, answers: dict[str, Any]) -> Response | None:
    """Over a limit, nothing is stored. Someone whose answers are an emergency still gets
    the whole emergency result, with the numbers to call, never a refusal:
    scored, shown, kept nowhere. None for anyone else: the caller gives their answers back
    with a message to send them again soon."""
    result = assessments.emergency_among(answers, settings=state(request).settings)
    if result is None:
        return None
    return state(request).renderer.render(request, "emergency.html", {
        "result": result, "call_line": call_line(answer_rows(result.answers)),
        "advice_groups": advice_groups(result)})


QUESTION_FORM = "question-form"
SWITCH_TO = "switch_to"
BUSY = N_("Too many people are sending answers at once. Nothing was lost: please "
               "wait a minute, then send it again.")


@router.post("/questions/{link_id}", name="answer")
def answer(request: Request, link_id: str, form: FormDep, session: SessionDep,
           draft_id: SessionIdDep, change_param: Change = "") -> Response:
    change = _is_change(change_param)
    item = q.get(link_id)
    if item is None:
        return state(request).renderer.not_found(request)
    draft = drafts.load(session, draft_id)
    answers = draft.answers if draft else {}
    if not flow.is_enabled(link_id, answers):
        return see_other(_where_to_resume(request, answers))
    values = [v for v in form.getlist(link_id) if isinstance(v, str)]
    value, errors = from_form(item, values)
    switch_to = state(request).languages.get(str(form.get(SWITCH_TO, "")))
    if switch_to is not None:
        # The switch: keep what is chosen (if it is an answer), and show the same page in
        # the language asked for. Nothing more: no next page, no error for a blank answer.
        if not errors and (draft is not None or _wait_to_start(request) is None):
            drafts.record(session, draft_id, draft, {**answers, link_id: value},
                          settings=state(request).settings)
        url = question_url(request, link_id, change)
        return see_other(f"{url}{'&' if '?' in url else '?'}{i18n.QUERY}={switch_to.code}")
    if errors:
        # Show what they sent (only known codes), so nothing they chose is lost.
        shown = value if value is not None else [v for v in values if v in item.codes]
        return _question_page(request, item, answers, change=change, value=shown,
                              error=errors[0])
    if draft is None and (wait := _wait_to_start(request)) is not None:
        answered = {**answers, link_id: value}
        return _emergency_unstored(request, answered) or _question_page(
            request, item, answered, change=change, value=value,
            error=AnswerError(item.link_id, "busy", i18n.gettext(BUSY)), status_code=429,
            headers={"Retry-After": str(math.ceil(wait))})
    answers = drafts.record(session, draft_id, draft, {**answers, link_id: value},
                            settings=state(request).settings)
    if flow.ends_early(answers):
        return _submit(request, session, draft_id, shown=None)
    return _next_page(request, session, draft_id, link_id, answers, change=change)


def _next_page(request: Request, session: Session, draft_id: str, link_id: str,
               answers: dict[str, Any], *, change: bool) -> Response:
    """After an answer: back to check-answers after a change (by way of any question the
    change opened), else the next question. htmx gets that page at once, with its address
    to show; a browser without JavaScript is sent there (post/redirect/get)."""
    following = flow.first_unanswered(answers) if change else flow.next_item(link_id, answers)
    url = (question_url(request, following.link_id, change) if following
           else path_for(request, "check_answers"))
    if not is_htmx(request):
        return see_other(url)
    request.state.shown_url = url  # the page drawn is that one (its language switch)
    if following is not None:
        page = _question_page(request, following, answers, change=change,
                              value=answers.get(following.link_id))
    else:
        draft = drafts.load(session, draft_id)
        assert draft is not None  # just saved
        page = _check_answers_page(request, draft)
    page.headers["HX-Push-Url"] = url
    return page


def _check_answers_page(request: Request, draft: drafts.Draft, *, stale: bool = False,
                        busy: float | None = None) -> Response:
    answers = draft.answers
    return state(request).renderer.render(request, "check_answers.html", {
        "rows": answer_rows(answers),
        "back_url": question_url(request, flow.enabled_items(answers)[-1].link_id),
        "urgent": flow.urgent_signs(answers), "needed": flow.action_needed(answers),
        "retention_days": state(request).settings.retention_days,
        "fingerprint": drafts.fingerprint(answers), "submitted_as": draft.result_token,
        "stale": stale, "busy": busy is not None,
    }, status_code=409 if stale else 429 if busy is not None else 200,
        headers={"Retry-After": str(math.ceil(busy))} if busy is not None else None)


@router.get("/check-answers", name="check_answers")
def check_answers(request: Request, session: SessionDep, draft_id: SessionIdDep) -> Response:
    draft = drafts.load(session, draft_id)
    if draft is None or not draft.answers or flow.first_unanswered(draft.answers):
        return see_other(_where_to_resume(request, draft.answers if draft else {}))
    return _check_answers_page(request, draft)


def _submit(request: Request, session: Session, draft_id: str, *,
            shown: str | None) -> Response:
    settings = state(request).settings
    try:
        submitted = drafts.submit(session, draft_id, shown, settings=settings,
                                  secret=state(request).signing_key,
                                  gate=lambda: _wait_to_start(request))
    except InvalidAnswers:  # drafts.submit rolled its claim back
        return see_other(_where_to_resume(request, drafts.answers_of(session, draft_id)))
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
        return see_other(path_for(request, "start"))
    result, delete_key = submitted
    result_path = path_for(request, "result", token=result.token)
    response = see_other(result_path)
    cookies.set_owner(response, result_path, delete_key, settings)
    cookies.remember_mine(request, response, result.token, settings)
    return response


@router.post("/check-answers", name="submit")
def submit(request: Request, form: FormDep, session: SessionDep,
           draft_id: SessionIdDep) -> Response:
    shown = form.get("answers")
    return _submit(request, session, draft_id, shown=shown if isinstance(shown, str) else "")


@router.post("/start-again", name="start_again")
def start_again(request: Request, form: FormDep, session: SessionDep,
                draft_id: SessionIdDep) -> Response:
    drafts.clear(session, draft_id)
    return see_other(question_url(request, q.ITEMS[0].link_id))

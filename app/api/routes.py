"""/api/v1/assessments: the same service as the pages, as JSON."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse, Response

from app import assessments
from app.answers import AnswerError
from app.api.deps import DuplicatesDep, api_router, require_json
from app.api.schemas import (
    AssessmentCreated,
    AssessmentIn,
    AssessmentOut,
    ErrorMessage,
    Problem,
    TooManyProblem,
    ValidationProblem,
    assessment_body,
    unstored_body,
)
from app.assessments import NotFound
from app.http.deps import SessionDep, state
from app.http.language import ApiLanguageDep
from app.i18n import N_, Language
from app.settings import Settings

router = api_router(prefix="/api/v1", tags=["assessments"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorMessage, "description": "Unknown, expired or deleted"}}
# Which language the reason and advice texts are in (Accept-Language chooses; codes are the
# same in every language).
LANGUAGE_HEADERS = {"Content-Language": {"description": "The language of the texts "
                                                          "(chosen by Accept-Language)",
                                          "schema": {"type": "string"}}}
# Said on every refusal: the program sending may be relaying a person in trouble.
TOO_MANY = N_("Too many submissions: nothing was stored. Send it again after Retry-After "
              "seconds. Anyone with an emergency sign, such as trouble breathing: call the "
              "local emergency number now (911 in the US and Canada, 999 in the UK, 112 in "
              "the EU).")


def problems(errors: list[AnswerError], prefix: tuple[str, ...] = ("body",),
             result: dict[str, Any] | None = None, detail: list[Problem] | None = None
             ) -> JSONResponse:
    """422 naming each field at fault and why (and an emergency's `result`, if given)."""
    detail = [*(detail or []), *(Problem(loc=[*prefix, e.item], msg=e.message, type=e.type,
                                         item=e.item) for e in errors)]
    body = {**ValidationProblem(detail=detail).model_dump(exclude={"result"}),
            **({"result": result} if result else {})}
    return JSONResponse(body, status_code=422,
                        headers=_spoken(result["language"]) if result else None)


def _spoken(code: str) -> dict[str, str]:
    return {"Content-Language": code, "Vary": "Accept-Language"}


@router.post("/assessments", status_code=201, response_model=AssessmentCreated,
             dependencies=[Depends(require_json)],
             responses={201: {"headers": LANGUAGE_HEADERS},
                        413: {"model": ErrorMessage, "description": "Body over 64 KB"},
                        415: {"model": ErrorMessage, "description": "Body is not JSON"},
                        422: {"model": ValidationProblem},
                        429: {"model": TooManyProblem, "description": "Too many from this "
                              "address, or from everyone; see Retry-After. Nothing is "
                              "stored; an emergency still gets its scored `result`."}})
def create_assessment(body: AssessmentIn, request: Request, session: SessionDep,
                      language: ApiLanguageDep, twice: DuplicatesDep) -> Response:
    """Score and store an assessment; the delete key is returned only here. Over a limit
    nothing is stored (429); an emergency answer set still gets its scored result in the
    429's `result`, so a program relaying a person can show them what to do. Reason and
    advice texts are in the language `Accept-Language` asks for, if offered (else
    English); `language` and `Content-Language` say which. Codes are the same in all."""
    settings = state(request).settings
    if twice.paths:
        # Nothing is stored; an emergency in either reading of the answers still gets its
        # result, as any other refusal does.
        first = twice.first_values.get("answers") if isinstance(twice.first_values, dict) \
            else None
        emergency = next((scored for answers in (first, body.answers)
                          if isinstance(answers, dict)
                          if (scored := _unstored(answers, settings, language))), None)
        return problems([], result=emergency, detail=twice.problems())
    try:
        # Each result is kept for 90 days: one flood stored 700 in 1.5 s before this limit.
        result, delete_key = assessments.create(
            session, body.answers, settings=settings,
            gate=lambda: state(request).write_limits.take(request.client), language=language)
    except assessments.InvalidAnswers as exc:
        return problems(exc.errors, prefix=("body", "answers"),
                        result=_unstored(body.answers, settings, language))
    except assessments.TooMany as refused:
        unstored = _unstored(body.answers, settings, language)
        return JSONResponse(
            # In the language of the result it carries (Content-Language says which).
            {"detail": language.gettext(TOO_MANY) if unstored else TOO_MANY,
             "result": unstored}, status_code=429,
            headers={"Retry-After": str(math.ceil(refused.wait)),
                     **(_spoken(language.code) if unstored else {})})
    return JSONResponse({**assessment_body(result.read_in(language), state(request).path_for),
                         "delete_key": delete_key}, status_code=201,
                        headers=_spoken(language.code))


def _unstored(answers: dict[str, Any], settings: Settings, language: Language
              ) -> dict[str, Any] | None:
    """What the valid answers alone score, when that is an emergency (else None)."""
    result = assessments.emergency_among(answers, settings=settings, language=language)
    return unstored_body(result.read_in(language)) if result is not None else None


@router.get("/assessments/{token}", response_model=AssessmentOut,
            responses={**NOT_FOUND, 200: {"headers": LANGUAGE_HEADERS}})
def read_assessment(token: str, request: Request, session: SessionDep,
                    language: ApiLanguageDep) -> Response:
    """A stored result, its texts in the language `Accept-Language` asks for (from the
    words stored with it; English if it has none in that language)."""
    result = assessments.read(session, token)
    if result is None:
        raise NotFound
    return JSONResponse(assessment_body(result.read_in(language), state(request).path_for),
                        headers=_spoken(language.code))


@router.delete("/assessments/{token}", status_code=204,
               responses={**NOT_FOUND, 403: {"model": ErrorMessage, "description": "Wrong key"}})
def delete_assessment(token: str, session: SessionDep,
                      x_delete_key: str | None = Header(default=None)) -> Response:
    """Delete a result with its delete key (header `X-Delete-Key`)."""
    assessments.delete(session, token, x_delete_key)  # NotFound, Forbidden: app.api.errors
    return Response(status_code=204)

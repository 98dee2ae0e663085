"""/api/v1/assessments/{token}/diary: the twitch diary as JSON (issue 6)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Header
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app import diaries, diary
from app.api.routes import ErrorMessage, ValidationProblem, problems, require_json
from app.assessments import InvalidAnswers
from app.deps import uses_database

router = APIRouter(prefix="/api/v1/assessments/{token}/diary", tags=["diary"])
MISSING = {404: {"model": ErrorMessage, "description": "Unknown, expired or deleted"}}
DENIED = {403: {"model": ErrorMessage, "description": "Wrong or missing delete key"}}


class EntryIn(BaseModel):
    at: str | None = Field(default=None, examples=["2026-11-20T08:30:00Z"],
                           description="When; at most a year ago, at most 5 minutes ahead. "
                                       "Omitted: now.")
    location: Literal[tuple(diary.LOCATIONS)]  # type: ignore[valid-type]
    duration: Literal[tuple(diary.DURATIONS)]  # type: ignore[valid-type]
    intensity: int = Field(ge=1, le=5)
    tags: list[Literal[tuple(diary.TAGS)]] = []  # type: ignore[valid-type]
    note: str = Field(default="", max_length=diary.NOTE_MAX_CHARS)


# Documented from the model; validated by app.diary, the same checks as the HTML form.
ENTRY_SCHEMA = {**EntryIn.model_json_schema(), "additionalProperties": False}
ENTRY_SCHEMA["properties"]["at"] = {"type": "string", "format": "date-time",
                                    "description": EntryIn.model_fields["at"].description}


class EntryOut(BaseModel):
    id: int
    at: str
    location: str
    duration: str
    intensity: int
    tags: list[str]
    note: str

    @classmethod
    def of(cls, entry: diary.Entry) -> EntryOut:
        assert entry.id is not None
        return cls(id=entry.id, at=entry.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   location=entry.location, duration=entry.duration,
                   intensity=entry.intensity, tags=list(entry.tags), note=entry.note)


class NudgeOut(BaseModel):
    id: str
    text: str


class DiaryOut(BaseModel):
    entries: list[EntryOut]
    nudges: list[NudgeOut]


@router.post("", status_code=201, response_model=EntryOut,
             dependencies=[Depends(require_json)],
             responses={**MISSING, **DENIED, 422: {"model": ValidationProblem}})
@uses_database
def add_entry(token: str, body: dict[str, Any] = Body(json_schema_extra=ENTRY_SCHEMA),
              x_delete_key: str | None = Header(default=None),
              *, session: Session) -> EntryOut | Response:
    """Add an entry (owner only: the result's delete key in `X-Delete-Key`)."""
    try:
        return EntryOut.of(diaries.add(session, token, x_delete_key, body))
    except InvalidAnswers as exc:
        return problems(exc.errors)


@router.get("", response_model=DiaryOut, responses=MISSING)
@uses_database
def read_diary(token: str, *, session: Session) -> DiaryOut | Response:
    """The diary, oldest entry first, with its nudges (the share token is enough)."""
    found = diaries.read(session, token)
    return DiaryOut(entries=[EntryOut.of(e) for e in found.entries],
                    nudges=[NudgeOut(id=n.id, text=n.text) for n in found.nudges])


@router.delete("/{entry_id}", status_code=204, responses={**MISSING, **DENIED})
@uses_database
def delete_entry(token: str, entry_id: int, x_delete_key: str | None = Header(default=None),
                 *, session: Session) -> Response:
    diaries.remove(session, token, x_delete_key, entry_id)
    return Response(status_code=204)

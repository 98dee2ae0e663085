"""/api/v1/assessments/{token}/diary: the twitch diary as JSON."""

from __future__ import annotations

import math
from typing import Any, Literal

from fastapi import Body, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from app import assessments, diaries, diary
from app.api.deps import api_router, one_value_per_key, require_json
from app.api.routes import problems
from app.api.schemas import NO_CONTROL_CHARACTERS, ErrorMessage, ValidationProblem
from app.assessments import InvalidAnswers
from app.http.deps import SessionDep, state

router = api_router(prefix="/api/v1/assessments/{token}/diary", tags=["diary"])
MISSING: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorMessage, "description": "Unknown, expired or deleted"}}
DENIED: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorMessage, "description": "Wrong or missing delete key"}}


class EntryIn(BaseModel):
    at: str | None = Field(default=None, examples=["2026-11-20T08:30:00Z"],
                           description="When; at most a year ago, at most 5 minutes ahead. "
                                       "Omitted: now.")
    tz: str = Field(default="UTC", examples=["America/New_York"],
                    description="The IANA time zone the person noted it in: the diary shows, "
                                "edits, charts and exports the entry in it. Omitted: UTC.")
    location: Literal[tuple(diary.LOCATIONS)]  # type: ignore[valid-type]
    duration: Literal[tuple(diary.DURATIONS)]  # type: ignore[valid-type]
    intensity: int = Field(ge=1, le=5)
    tags: list[Literal[tuple(diary.TAGS)]] = []  # type: ignore[valid-type]
    note: str = Field(default="", max_length=diary.NOTE_MAX_CHARS)


# Documented from the model; validated by app.diary, the same checks as the HTML form.
ENTRY_SCHEMA = {**EntryIn.model_json_schema(), "additionalProperties": False}
ENTRY_SCHEMA["properties"]["at"] = {"type": "string", "format": "date-time",
                                    "description": EntryIn.model_fields["at"].description}
ENTRY_SCHEMA["properties"]["note"]["pattern"] = NO_CONTROL_CHARACTERS


class EntryOut(BaseModel):
    id: int
    at: str = Field(description="The instant, in UTC")
    tz: str = Field(description="The IANA time zone it was noted in")
    local_at: str = Field(description="The same instant by the clock of `tz`, with its offset")
    location: str
    duration: str
    intensity: int
    tags: list[str]
    note: str

    @classmethod
    def of(cls, entry: diary.Entry, *, note: bool = True) -> EntryOut:
        """`note`: whether the reader may see the person's own words (else "")."""
        assert entry.id is not None
        return cls(id=entry.id, at=entry.at.strftime("%Y-%m-%dT%H:%M:%SZ"), tz=entry.tz,
                   local_at=entry.local.isoformat(timespec="seconds"),
                   location=entry.location, duration=entry.duration,
                   intensity=entry.intensity, tags=list(entry.tags),
                   note=entry.note if note else "")


class NudgeOut(BaseModel):
    id: str
    text: str


class DiaryOut(BaseModel):
    entries: list[EntryOut] = Field(description="This page of entries, oldest first")
    nudges: list[NudgeOut] = Field(description="From the whole diary")
    total: int = Field(description="Entries in the whole diary")
    offset: int
    limit: int


@router.post("", status_code=201, response_model=EntryOut,
             dependencies=[Depends(require_json), Depends(one_value_per_key)],
             responses={**MISSING, **DENIED, 422: {"model": ValidationProblem},
                        429: {"model": ErrorMessage, "description": "Too many entries from "
                              "this address; see Retry-After. Nothing is stored."}})
def add_entry(token: str, request: Request, session: SessionDep,
              body: dict[str, Any] = Body(json_schema_extra=ENTRY_SCHEMA),
              x_delete_key: str | None = Header(default=None)) -> EntryOut | Response:
    """Add an entry (owner only: the result's delete key in `X-Delete-Key`). A diary holds
    at most 2,000 entries: one more is a 422 naming `diary`."""
    try:
        return EntryOut.of(diaries.add(
            session, token, x_delete_key, body,
            most=state(request).settings.diary_max_entries,
            gate=lambda: state(request).write_limits.take_diary(request.client)))
    except InvalidAnswers as exc:
        return problems(exc.errors)
    except diaries.DiaryFull as exc:
        return problems([diaries.full_message(exc.most)])
    except assessments.TooMany as refused:
        return JSONResponse({"detail": diaries.busy_message().message}, status_code=429,
                            headers={"Retry-After": str(math.ceil(refused.wait))})


@router.get("", response_model=DiaryOut, responses=MISSING)
def read_diary(token: str, session: SessionDep, offset: int = Query(0, ge=0, le=100_000),
               limit: int = Query(100, ge=1, le=500),
               x_delete_key: str | None = Header(default=None)) -> DiaryOut | Response:
    """The diary, oldest entry first, a page at a time (`offset`, `limit`), with its nudges
    (the share token is enough). Each entry's `note` is "" unless the result's delete key
    is sent in `X-Delete-Key` or the person shows their notes to anyone with the link."""
    found = diaries.read(session, token)
    result = assessments.read(session, token, delete_key=x_delete_key)
    notes = result is not None and (result.owner or result.notes_shared)
    page = found.entries[offset:offset + limit]
    return DiaryOut(entries=[EntryOut.of(e, note=notes) for e in page],
                    nudges=[NudgeOut(id=n.id, text=n.text) for n in found.nudges],
                    total=len(found.entries), offset=offset, limit=limit)


@router.delete("/{entry_id}", status_code=204, responses={**MISSING, **DENIED})
def delete_entry(token: str, entry_id: int, session: SessionDep,
                 x_delete_key: str | None = Header(default=None)) -> Response:
    diaries.remove(session, token, x_delete_key, entry_id)
    return Response(status_code=204)

"""The diary service: owner-only writes (the delete key), read-only for the share link.

An unknown result or a wrong key raises app.assessments.NotFound or Forbidden, which the
error handlers answer for both faces (app.web.errors)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app import diary, repository
from app.assessments import InvalidAnswers, NotFound, live_row, owned_row, utcnow
from app.models import DiaryEntry


@dataclass(frozen=True)
class Diary:
    entries: list[diary.Entry]  # oldest first
    nudges: list[diary.Nudge]
    summary: diary.Summary | None


def _entry(row: DiaryEntry) -> diary.Entry:
    return diary.Entry(at=row.at, location=row.location, duration=row.duration,
                       intensity=row.intensity, tags=tuple(row.tags), note=row.note, id=row.id)


def read(session: Session, token: str) -> Diary:
    row = live_row(session, token)
    if row is None:
        raise NotFound
    return of_result(session, row.id, row.answers)


def entries_of(session: Session, assessment_id: int) -> tuple[diary.Entry, ...]:
    """A result's entries, oldest first (hashable: pages are cached by them)."""
    return tuple(_entry(e) for e in repository.diary_entries(session,
                                                             assessment_id=assessment_id))


def of_entries(entries: tuple[diary.Entry, ...], answers: Mapping[str, Any]) -> Diary:
    listed = list(entries)
    return Diary(entries=listed, nudges=diary.nudges(listed, answers.get("locations", [])),
                 summary=diary.summary(listed))


def of_result(session: Session, assessment_id: int, answers: Mapping[str, Any]) -> Diary:
    """The diary of a result already looked up (no second lookup of the result)."""
    return of_entries(entries_of(session, assessment_id), answers)


def _checked(data: Mapping[str, Any]) -> diary.Entry:
    entry, errors = diary.validate_entry(data, now=utcnow())
    if errors:
        raise InvalidAnswers(errors)
    assert entry is not None
    return entry


def add(session: Session, token: str, delete_key: str | None,
        data: Mapping[str, Any]) -> diary.Entry:
    row = owned_row(session, token, delete_key)
    entry = _checked(data)
    stored = repository.add_diary_entry(session, entry=DiaryEntry(
        assessment_id=row.id, at=entry.at, location=entry.location, duration=entry.duration,
        intensity=entry.intensity, tags=list(entry.tags), note=entry.note))
    session.commit()
    return _entry(stored)


def _owned_entry(session: Session, token: str, delete_key: str | None,
                 entry_id: int) -> DiaryEntry:
    """One entry of a result, for the result's owner only."""
    row = owned_row(session, token, delete_key)
    stored = repository.diary_entry(session, assessment_id=row.id, entry_id=entry_id)
    if stored is None:
        raise NotFound
    return stored


def get(session: Session, token: str, delete_key: str | None, entry_id: int) -> diary.Entry:
    return _entry(_owned_entry(session, token, delete_key, entry_id))


def update(session: Session, token: str, delete_key: str | None, entry_id: int,
           data: Mapping[str, Any]) -> diary.Entry:
    stored = _owned_entry(session, token, delete_key, entry_id)
    entry = _checked(data)
    stored.at, stored.location, stored.duration = entry.at, entry.location, entry.duration
    stored.intensity, stored.tags, stored.note = entry.intensity, list(entry.tags), entry.note
    session.commit()
    return _entry(stored)


def remove(session: Session, token: str, delete_key: str | None, entry_id: int) -> None:
    session.delete(_owned_entry(session, token, delete_key, entry_id))
    session.commit()

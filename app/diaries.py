"""The diary service: owner-only writes (the delete key), read-only for the share link.

An unknown result or a wrong key raises app.assessments.NotFound or Forbidden, which each
face answers in its own way. A result's diary holds at most `diary_max_entries` entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app import assessments, diary, formats, i18n, repository
from app.answers import AnswerError
from app.assessments import InvalidAnswers, NotFound, require_owner, utcnow
from app.assessments import read as read_result

MAX_ID = 2**31  # ids are 32-bit integers on PostgreSQL


class DiaryFull(Exception):
    def __init__(self, most: int) -> None:
        super().__init__(f"a diary holds at most {most} entries")
        self.most = most


@dataclass(frozen=True)
class Diary:
    entries: list[diary.Entry]  # oldest first
    nudges: list[diary.Nudge]
    summary: diary.Summary | None


def _entry(row: Any) -> diary.Entry:
    return diary.Entry(at=row.at, location=row.location, duration=row.duration,
                       intensity=row.intensity, tags=tuple(row.tags), note=row.note, id=row.id,
                       tz=row.tz)


def entries_of(session: Session, assessment_id: int) -> list[diary.Entry]:
    """A result's entries, oldest first (at most `diary_max_entries` of them)."""
    return [_entry(row) for row in repository.diary_entries(session,
                                                            assessment_id=assessment_id)]


def count(session: Session, assessment_id: int) -> int:
    return repository.count_diary_entries(session, assessment_id=assessment_id)


def of_entries(entries: list[diary.Entry], answers: Mapping[str, Any]) -> Diary:
    return Diary(entries=entries, nudges=diary.nudges(entries, answers.get("locations", [])),
                 summary=diary.summary(entries))


def of_result(session: Session, assessment_id: int, answers: Mapping[str, Any]) -> Diary:
    """The diary of a result already looked up (no second lookup of the result)."""
    return of_entries(entries_of(session, assessment_id), answers)


def read(session: Session, token: str) -> Diary:
    """A live result's diary (the share token is enough to read it)."""
    result = read_result(session, token)
    if result is None:
        raise NotFound
    return of_result(session, result.id, result.answers)


def _checked(data: Mapping[str, Any]) -> diary.Entry:
    entry, errors = diary.validate_entry(data, now=utcnow())
    if errors:
        raise InvalidAnswers(errors)
    assert entry is not None
    return entry


def _values(entry: diary.Entry) -> dict[str, Any]:
    return {"at": entry.at, "tz": entry.tz, "location": entry.location,
            "duration": entry.duration, "intensity": entry.intensity, "tags": list(entry.tags),
            "note": entry.note}


def add(session: Session, token: str, delete_key: str | None, data: Mapping[str, Any], *,
        most: int, gate: assessments.Gate | None = None) -> diary.Entry:
    """Add an entry (owner only). `gate` is asked once the entry is valid, before anything
    is written (assessments.TooMany: nothing stored)."""
    found = require_owner(session, token, delete_key)
    entry = _checked(data)
    assessments.pass_gate(gate)
    if count(session, found.id) >= most:
        raise DiaryFull(most)  # the common case, refused before anything is written
    # Added, then counted, in one transaction that holds the result (its row lock on
    # PostgreSQL, the one writer on SQLite): adds at the same moment cannot pass the cap
    # together, and one racing the result's delete finds it gone.
    entry_id = repository.add_diary_entry(
        session, values={"assessment_id": found.id, **_values(entry)})
    if entry_id is None:
        session.rollback()
        raise NotFound
    if count(session, found.id) > most:
        session.rollback()
        raise DiaryFull(most)
    session.commit()
    return diary.Entry(**{**_values(entry), "tags": entry.tags, "id": entry_id})


def _owned_entry(session: Session, token: str, delete_key: str | None,
                 entry_id: int) -> diary.Entry:
    """One entry of a result, for the result's owner only."""
    found = require_owner(session, token, delete_key)
    if not 0 < entry_id < MAX_ID:
        raise NotFound  # no such id can exist (and would overflow the database's integer)
    row = repository.diary_entry(session, assessment_id=found.id, entry_id=entry_id)
    if row is None:
        raise NotFound
    return _entry(row)


def get(session: Session, token: str, delete_key: str | None, entry_id: int) -> diary.Entry:
    return _owned_entry(session, token, delete_key, entry_id)


def update(session: Session, token: str, delete_key: str | None, entry_id: int,
           data: Mapping[str, Any]) -> diary.Entry:
    old = _owned_entry(session, token, delete_key, entry_id)
    entry = _checked(data)
    repository.update_diary_entry(session, entry_id=entry_id, values=_values(entry))
    session.commit()
    if old.note and old.note != entry.note:
        # The old words out of the write-ahead log too (app.drafts.forget_replaced).
        repository.forget_deleted(session)
    return diary.Entry(**{**_values(entry), "tags": entry.tags, "id": entry_id})


def remove(session: Session, token: str, delete_key: str | None, entry_id: int) -> None:
    _owned_entry(session, token, delete_key, entry_id)
    repository.delete_diary_entry(session, entry_id=entry_id)
    session.commit()
    repository.forget_deleted(session)


def busy_message() -> AnswerError:
    return AnswerError("diary", "busy", i18n.gettext(
        "Too many entries at once from your connection. Nothing was lost: please wait a "
        "minute, then save it again."))


def full_message(most: int) -> AnswerError:
    return AnswerError("diary", "too_many", i18n.gettext(
        "This diary is full: it holds %(count)s entries, the most it can. Delete old "
        "entries to add new ones.") % {"count": formats.number(most)})

"""Persistence functions over a Session: keyword-only, no web imports, no commits.

The caller (app.assessments) owns the transaction. The reads on the hot path (every page
view reads a draft or a result, and a result page its diary) are Prepared statements
(app.prepared): through the ORM a read took about twenty times as long as the query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from app.models import Assessment, DiaryEntry, Draft
from app.prepared import Prepared

ASSESSMENTS = Assessment.__table__
DRAFTS = Draft.__table__
DIARY = DiaryEntry.__table__

_live_assessment = Prepared(select(ASSESSMENTS).where(
    ASSESSMENTS.c.token == bindparam("token"), ASSESSMENTS.c.expires_at > bindparam("now")))
_live_assessment_head = Prepared(select(
    ASSESSMENTS.c.id, ASSESSMENTS.c.token, ASSESSMENTS.c.delete_key_hash).where(
    ASSESSMENTS.c.token == bindparam("token"), ASSESSMENTS.c.expires_at > bindparam("now")))
_insert_assessment = Prepared(insert(ASSESSMENTS).values(
    {c.key: bindparam(c.key) for c in ASSESSMENTS.c if c.key != "id"}
).returning(ASSESSMENTS.c.id))
_delete_assessment = delete(ASSESSMENTS).where(ASSESSMENTS.c.token == bindparam("token"))
_live_draft = Prepared(select(DRAFTS.c.answers, DRAFTS.c.retake_of).where(
    DRAFTS.c.id_hash == bindparam("id_hash"), DRAFTS.c.expires_at > bindparam("now")))
_diary = Prepared(select(DIARY).where(DIARY.c.assessment_id == bindparam("assessment_id"))
                  .order_by(DIARY.c.at, DIARY.c.id))
_update_draft = Prepared(update(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key")).values(
    answers=bindparam("answers"), updated_at=bindparam("now"),
    expires_at=bindparam("expires_at")))
_insert_draft = Prepared(insert(DRAFTS).values(
    id_hash=bindparam("key"), answers=bindparam("answers"), updated_at=bindparam("now"),
    expires_at=bindparam("expires_at")))
_delete_draft = Prepared(delete(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key")))


def add_assessment(session: Session, *, values: dict[str, Any]) -> int:
    """Store a result (every column but `id`); returns its new id."""
    return _insert_assessment.write(session, **values).id


def get_assessment(session: Session, *, token: str, now: datetime) -> Row[Any] | None:
    """The live result for `token` (a row with the table's columns); an expired one is as
    absent as an unknown one."""
    return _live_assessment.first(session, token=token, now=now)


def get_assessment_head(session: Session, *, token: str, now: datetime) -> Row[Any] | None:
    """Just `id`, `token` and `delete_key_hash` of the live result: enough to know it is
    there and who owns it, without reading (and decoding) the rest."""
    return _live_assessment_head.first(session, token=token, now=now)


def delete_assessment(session: Session, *, token: str) -> None:
    session.execute(_delete_assessment, {"token": token})


def get_draft(session: Session, *, id_hash: str, now: datetime) -> Row[Any] | None:
    """A live draft's `answers` and `retake_of`, or None."""
    return _live_draft.first(session, id_hash=id_hash, now=now)


def set_draft_retake(session: Session, *, id_hash: str, token: str | None) -> None:
    session.execute(update(DRAFTS).where(DRAFTS.c.id_hash == id_hash).values(retake_of=token))


def save_draft(session: Session, *, id_hash: str, answers: dict[str, Any], now: datetime,
               expires_at: datetime) -> None:
    params = {"key": id_hash, "answers": answers, "now": now, "expires_at": expires_at}
    if _update_draft.write(session, **params) == 0:
        _insert_draft.write(session, **params)


def delete_draft(session: Session, *, id_hash: str) -> None:
    _delete_draft.write(session, key=id_hash)


def purge_expired(session: Session, *, now: datetime) -> tuple[int, int]:
    """Delete expired results and drafts; returns how many of each."""
    results = session.execute(delete(Assessment).where(Assessment.expires_at <= now))
    drafts = session.execute(delete(Draft).where(Draft.expires_at <= now))
    return results.rowcount or 0, drafts.rowcount or 0


# The diary. Entries are always reached through their result's id, never on their own.

def diary_entries(session: Session, *, assessment_id: int) -> list[Any]:
    """The result's entries, oldest first (rows with the table's columns)."""
    return _diary.all(session, assessment_id=assessment_id)


def diary_entry(session: Session, *, assessment_id: int, entry_id: int) -> DiaryEntry | None:
    return session.scalar(select(DiaryEntry).where(
        DiaryEntry.assessment_id == assessment_id, DiaryEntry.id == entry_id))


def add_diary_entry(session: Session, *, entry: DiaryEntry) -> DiaryEntry:
    session.add(entry)
    session.flush()
    return entry

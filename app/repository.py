"""Persistence functions over a Session: keyword-only, no web imports, no commits.

The caller (a service: app.assessments, app.drafts, app.diaries) owns the transaction.
Every statement is Core, run by `session.execute`, so SQL logging, SQLAlchemy's events and
tracing see every query.

Every value goes in at execution time, through a named bind parameter, never into the
statement itself: SQLAlchemy keeps each compiled statement (and with it the statement it
was compiled from) in a cache for the life of the process, so a value built into a
statement, a share token or typed notes, would stay in memory with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CursorResult,
    Executable,
    Row,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import db
from app.models import Assessment, Base, DiaryEntry, Draft

if TYPE_CHECKING:
    # A row of any number of columns, each of any type: what these functions hand back.
    AnyRow = Row[*tuple[Any, ...]]


def _table(model: type[Base]) -> Table:
    """The model's Table (SQLAlchemy types `__table__` as any FROM clause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


ASSESSMENTS = _table(Assessment)
DRAFTS = _table(Draft)
DIARY = _table(DiaryEntry)

_LIVE = (ASSESSMENTS.c.token == bindparam("token")) & \
    (ASSESSMENTS.c.expires_at > bindparam("now"))
_ASSESSMENT = select(ASSESSMENTS).where(_LIVE)
# Enough to know a result is there and who owns it, without reading (and decoding) it.
_ASSESSMENT_HEAD = select(ASSESSMENTS.c.id, ASSESSMENTS.c.token,
                          ASSESSMENTS.c.delete_key_hash).where(_LIVE)
_ADD_ASSESSMENT = insert(ASSESSMENTS).returning(ASSESSMENTS.c.id)
_DELETE_ASSESSMENT = delete(ASSESSMENTS).where(ASSESSMENTS.c.token == bindparam("token"))
_DELETE_DRAFTS_OF = delete(DRAFTS).where(or_(DRAFTS.c.retake_of == bindparam("token"),
                                             DRAFTS.c.result_token == bindparam("token")))
_DRAFT = select(DRAFTS.c.answers, DRAFTS.c.retake_of, DRAFTS.c.result_token).where(
    DRAFTS.c.id_hash == bindparam("key"), DRAFTS.c.expires_at > bindparam("now"))
_DRAFT_FIELDS = ("answers", "updated_at", "expires_at", "retake_of", "result_token")
_UPDATE_DRAFT = update(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key")).values(
    {name: bindparam(name) for name in _DRAFT_FIELDS})
_ADD_DRAFT = insert(DRAFTS).values(id_hash=bindparam("key"),
                                   **{name: bindparam(name) for name in _DRAFT_FIELDS})
_CLAIM_DRAFT = update(DRAFTS).where(
    DRAFTS.c.id_hash == bindparam("key"),
    or_(DRAFTS.c.result_token.is_(None), DRAFTS.c.result_token == bindparam("seen"))).values(
    result_token=bindparam("token"))
_DELETE_DRAFT = delete(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key"))
_ENTRIES = select(DIARY).where(DIARY.c.assessment_id == bindparam("result")).order_by(
    DIARY.c.at, DIARY.c.id)
_COUNT_ENTRIES = select(func.count()).select_from(DIARY).where(
    DIARY.c.assessment_id == bindparam("result"))
_ENTRY = select(DIARY).where(DIARY.c.assessment_id == bindparam("result"),
                             DIARY.c.id == bindparam("entry"))
_ADD_ENTRY = insert(DIARY).returning(DIARY.c.id)
# PostgreSQL: the result's row, locked until commit (SQLite has no row locks: its one
# writer at a time does the same).
_LOCK_RESULT = select(ASSESSMENTS.c.id).where(ASSESSMENTS.c.id == bindparam("result")
                                               ).with_for_update()
_ENTRY_FIELDS = ("at", "tz", "location", "duration", "intensity", "tags", "note")
_UPDATE_ENTRY = update(DIARY).where(DIARY.c.id == bindparam("entry")).values(
    {name: bindparam(name) for name in _ENTRY_FIELDS})
_DELETE_ENTRY = delete(DIARY).where(DIARY.c.id == bindparam("entry"))
_MOVE_DIARY = update(DIARY).where(DIARY.c.assessment_id == bindparam("old")).values(
    assessment_id=bindparam("new"))
_NEWER = select(ASSESSMENTS.c.token, ASSESSMENTS.c.created_at).where(
    ASSESSMENTS.c.previous_id == bindparam("result"),
    ASSESSMENTS.c.expires_at > bindparam("now")).order_by(ASSESSMENTS.c.id.desc()).limit(1)


def _changed_rows(session: Session, statement: Executable, values: dict[str, Any]) -> int:
    """Run an UPDATE or DELETE; how many rows it changed."""
    result = session.execute(statement, values)
    assert isinstance(result, CursorResult)
    return result.rowcount


def add_assessment(session: Session, *, values: dict[str, Any]) -> int:
    """Store a result (every column but `id`); returns its new id."""
    new_id: int = session.execute(_ADD_ASSESSMENT, values).scalar_one()
    return new_id


def get_assessment(session: Session, *, token: str, now: datetime) -> AnyRow | None:
    """The live result for `token` (a row with the table's columns); an expired one is as
    absent as an unknown one."""
    return session.execute(_ASSESSMENT, {"token": token, "now": now}).first()


def get_assessment_head(session: Session, *, token: str, now: datetime) -> AnyRow | None:
    """`id`, `token` and `delete_key_hash` of the live result."""
    return session.execute(_ASSESSMENT_HEAD, {"token": token, "now": now}).first()


def delete_assessment(session: Session, *, token: str) -> None:
    """Delete a result (its diary goes with it) and every draft that came from it: a
    re-take's copy of its answers, or the draft it was submitted from."""
    session.execute(_DELETE_DRAFTS_OF, {"token": token})
    session.execute(_DELETE_ASSESSMENT, {"token": token})


_SHARE_NOTES = update(ASSESSMENTS).where(ASSESSMENTS.c.id == bindparam("result")).values(
    notes_shared=bindparam("shared"))


def set_notes_shared(session: Session, *, assessment_id: int, shared: bool) -> None:
    session.execute(_SHARE_NOTES, {"result": assessment_id, "shared": shared})


def forget_deleted(session: Session) -> None:
    """After a delete is committed: on SQLite, move the write-ahead log into the database
    file (where secure_delete has overwritten the deleted rows) and empty it, so what was
    deleted is nowhere on disk."""
    db.truncate_wal(session)


def newer_assessment(session: Session, *, assessment_id: int,
                     now: datetime) -> AnyRow | None:
    """The live re-take of a result (its `token` and `created_at`), if there is one."""
    return session.execute(_NEWER, {"result": assessment_id, "now": now}).first()


def get_draft(session: Session, *, id_hash: str, now: datetime) -> AnyRow | None:
    """A live draft's `answers`, `retake_of` and `result_token`, or None."""
    return session.execute(_DRAFT, {"key": id_hash, "now": now}).first()


def claim_draft(session: Session, *, id_hash: str, token: str, seen: str | None) -> bool:
    """Mark a draft as becoming the result `token`, unless another submit did since it was
    read (`seen`: the result it pointed to then, gone since): the row lock makes two
    submits at the same moment take turns, and only the first claims it."""
    return bool(_changed_rows(session, _CLAIM_DRAFT, {"key": id_hash, "token": token,
                                                      "seen": seen}))


def save_draft(session: Session, *, id_hash: str, answers: dict[str, Any], now: datetime,
               expires_at: datetime, retake_of: str | None = None,
               result_token: str | None = None) -> None:
    """Store a draft's answers (a new draft, or in place of the old one)."""
    values = {"key": id_hash, "answers": answers, "updated_at": now, "expires_at": expires_at,
              "retake_of": retake_of, "result_token": result_token}
    if not _changed_rows(session, _UPDATE_DRAFT, values):
        session.execute(_ADD_DRAFT, values)


def delete_draft(session: Session, *, id_hash: str) -> None:
    session.execute(_DELETE_DRAFT, {"key": id_hash})


# The purge, a bounded batch a transaction. Each batch starts with a write, so on SQLite it
# waits for the write lock (busy timeout) rather than failing to upgrade a stale read.
_EXPIRED_IDS = select(ASSESSMENTS.c.id).where(
    ASSESSMENTS.c.expires_at <= bindparam("now")).order_by(
    ASSESSMENTS.c.expires_at).limit(bindparam("batch"))
_EXPIRED_TOKENS = select(ASSESSMENTS.c.token).where(
    ASSESSMENTS.c.expires_at <= bindparam("now")).order_by(
    ASSESSMENTS.c.expires_at).limit(bindparam("batch"))
_DELETE_DRAFTS_OF_EXPIRED = delete(DRAFTS).where(or_(
    DRAFTS.c.retake_of.in_(_EXPIRED_TOKENS.scalar_subquery()),
    DRAFTS.c.result_token.in_(_EXPIRED_TOKENS.scalar_subquery())))
_DELETE_EXPIRED = delete(ASSESSMENTS).where(ASSESSMENTS.c.id.in_(
    _EXPIRED_IDS.scalar_subquery()))
# What the foreign keys to those results do when they go, done for the whole batch at once
# (SQLite runs a foreign key action row by row, ~50 µs a result), so the purge may run with
# SQLite's foreign key actions off (app.purge). Every foreign key to a result is here:
PURGE_HANDLES = {("diary_entries", "assessment_id"), ("assessments", "previous_id")}
_DELETE_DIARIES_OF_EXPIRED = delete(DIARY).where(DIARY.c.assessment_id.in_(
    _EXPIRED_IDS.scalar_subquery()))
_UNLINK_RETAKES_OF_EXPIRED = update(ASSESSMENTS).where(ASSESSMENTS.c.previous_id.in_(
    _EXPIRED_IDS.scalar_subquery())).values(previous_id=None)


def _gone(column: Any) -> Any:
    """The draft points to a result that is no longer stored."""
    return column.is_not(None) & ~select(ASSESSMENTS.c.id).where(
        ASSESSMENTS.c.token == column).exists()


def _dead_drafts(condition: Any) -> Any:
    return delete(DRAFTS).where(DRAFTS.c.id_hash.in_(select(DRAFTS.c.id_hash).where(
        condition).limit(bindparam("batch")).scalar_subquery()))


_DELETE_EXPIRED_DRAFTS = _dead_drafts(DRAFTS.c.expires_at <= bindparam("now"))
# Rare (the drafts of a result are deleted with it), so a scan of the few drafts is fine.
_DELETE_ORPHAN_DRAFTS = _dead_drafts(or_(_gone(DRAFTS.c.retake_of),
                                         _gone(DRAFTS.c.result_token)))


def purge_expired_results(session: Session, *, now: datetime, batch: int) -> tuple[int, int]:
    """Delete up to `batch` expired results (their diaries go with them) and the drafts
    made from them; returns (results, drafts) deleted."""
    values = {"now": now, "batch": batch}
    drafts = _changed_rows(session, _DELETE_DRAFTS_OF_EXPIRED, values) or 0
    session.execute(_DELETE_DIARIES_OF_EXPIRED, values)
    session.execute(_UNLINK_RETAKES_OF_EXPIRED, values)
    return _changed_rows(session, _DELETE_EXPIRED, values) or 0, drafts


def purge_dead_drafts(session: Session, *, now: datetime, batch: int) -> int:
    """Delete up to `batch` drafts that expired or, when none has, whose result (the one a
    re-take began from, or the one it was submitted as) is gone; returns how many."""
    values = {"now": now, "batch": batch}
    return _changed_rows(session, _DELETE_EXPIRED_DRAFTS, values) or \
        _changed_rows(session, _DELETE_ORPHAN_DRAFTS, {"batch": batch}) or 0


# The diary. Entries are always reached through their result's id, never on their own.

def diary_entries(session: Session, *, assessment_id: int) -> list[AnyRow]:
    """The result's entries, oldest first (rows with the table's columns)."""
    return list(session.execute(_ENTRIES, {"result": assessment_id}))


def count_diary_entries(session: Session, *, assessment_id: int) -> int:
    count: int = session.execute(_COUNT_ENTRIES, {"result": assessment_id}).scalar_one()
    return count


def diary_entry(session: Session, *, assessment_id: int, entry_id: int) -> AnyRow | None:
    return session.execute(_ENTRY, {"result": assessment_id, "entry": entry_id}).first()


def add_diary_entry(session: Session, *, values: dict[str, Any]) -> int | None:
    """The new entry's id; None if its result is gone (deleted since it was looked up).
    The result's row stays locked, and the entry uncommitted, until the caller commits:
    a count of the result's entries is then exact."""
    if session.execute(_LOCK_RESULT, {"result": values["assessment_id"]}).first() is None:
        return None
    try:
        entry_id: int = session.execute(_ADD_ENTRY, values).scalar_one()
        return entry_id
    except IntegrityError:  # SQLite: deleted between the two statements; roll back
        return None


def update_diary_entry(session: Session, *, entry_id: int, values: dict[str, Any]) -> None:
    session.execute(_UPDATE_ENTRY, {"entry": entry_id, **values})


def delete_diary_entry(session: Session, *, entry_id: int) -> None:
    session.execute(_DELETE_ENTRY, {"entry": entry_id})


def move_diary(session: Session, *, from_id: int, to_id: int) -> None:
    """A re-take's diary: the entries go on with the person, to the newer result."""
    session.execute(_MOVE_DIARY, {"old": from_id, "new": to_id})

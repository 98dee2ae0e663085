"""Persistence functions over a Session: keyword-only, no web imports, no commits.

The caller (app.assessments) owns the transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Assessment, Draft


def add_assessment(session: Session, *, assessment: Assessment) -> Assessment:
    session.add(assessment)
    session.flush()
    return assessment


def get_assessment(session: Session, *, token: str, now: datetime) -> Assessment | None:
    """The live result for `token`; an expired one is as absent as an unknown one."""
    return session.scalar(
        select(Assessment).where(Assessment.token == token, Assessment.expires_at > now)
    )


def delete_assessment(session: Session, *, assessment: Assessment) -> None:
    session.delete(assessment)


def get_draft(session: Session, *, id_hash: str, now: datetime) -> Draft | None:
    return session.scalar(select(Draft).where(Draft.id_hash == id_hash, Draft.expires_at > now))


def save_draft(session: Session, *, id_hash: str, answers: dict[str, Any], now: datetime,
               expires_at: datetime) -> Draft:
    draft = session.get(Draft, id_hash)
    if draft is None:
        draft = Draft(id_hash=id_hash, answers=answers, updated_at=now, expires_at=expires_at)
        session.add(draft)
    else:
        draft.answers = answers
        draft.updated_at = now
        draft.expires_at = expires_at
    return draft


def delete_draft(session: Session, *, id_hash: str) -> None:
    session.execute(delete(Draft).where(Draft.id_hash == id_hash))


def purge_expired(session: Session, *, now: datetime) -> tuple[int, int]:
    """Delete expired results and drafts; returns how many of each."""
    results = session.execute(delete(Assessment).where(Assessment.expires_at <= now))
    drafts = session.execute(delete(Draft).where(Draft.expires_at <= now))
    return results.rowcount or 0, drafts.rowcount or 0

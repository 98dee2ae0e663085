"""The one service both faces use: validate -> score -> store; read; delete; drafts; purge."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy.orm import Session

from app import flow, repository
from app import questionnaire as q
from app.answers import AnswerError, check_value, validate
from app.settings import Settings
from app.triage import RULES_VERSION, Level, assess
from app.triage.levels import of_version
from app.triage.sources import titles


class InvalidAnswers(Exception):
    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__(f"{len(errors)} invalid answer(s)")
        self.errors = errors


class NotFound(Exception):
    """No live result for the token: unknown, expired and deleted look the same."""


class Forbidden(Exception):
    """The delete key is missing or wrong: only the person who answered may change it."""


@dataclass(frozen=True)
class StoredResult:
    """A stored result as the faces show it (never the delete key or its hash)."""

    token: str
    level: Level
    reasons: list[dict[str, Any]]
    advice: list[dict[str, Any]]
    answers: dict[str, Any]
    rule_ids: list[str]
    questionnaire_version: str
    rules_version: str
    created_at: datetime
    expires_at: datetime
    id: int = 0  # internal: links a diary to its result; never shown
    owner: bool = False  # the viewer holds the delete key


# What new_token() makes; anything else cannot exist, so it is not looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_matches(assessment: Any, delete_key: str | None) -> bool:
    """Constant-time check of a delete key against its stored hash."""
    if not delete_key:
        return False
    return hmac.compare_digest(_hash(delete_key), assessment.delete_key_hash)


def _view(row: Any, owner: bool = False) -> StoredResult:
    return StoredResult(
        token=row.token, level=of_version(row.rules_version)[row.level], reasons=row.reasons,
        advice=row.advice, answers=row.answers, rule_ids=row.rule_ids,
        questionnaire_version=row.questionnaire_version, rules_version=row.rules_version,
        created_at=row.created_at, expires_at=row.expires_at, id=row.id, owner=owner,
    )


def submit(session: Session, answers: Mapping[str, Any], *, settings: Settings,
           now: datetime | None = None, previous: str | None = None) -> tuple[StoredResult, str]:
    """Validate, score and store a complete answer set. Returns the result and delete key."""
    errors = validate(answers, complete=True)
    if errors:
        raise InvalidAnswers(errors)
    now = now or utcnow()
    result = assess(answers)
    delete_key = secrets.token_urlsafe(24)
    values = dict(
        token=new_token(), delete_key_hash=_hash(delete_key), answers=dict(answers),
        level=result.level.id, rule_ids=result.rule_ids,
        reasons=[{"rule": r.id, "level": r.level, "text": r.text, "sources": list(r.sources),
                  "source_titles": titles(r.sources)} for r in result.reasons],
        advice=[{"id": a.id, "kind": a.kind, "title": a.title, "text": a.text,
                 "sources": list(a.sources), "source_titles": titles(a.sources)}
                for a in result.advice],
        questionnaire_version=q.VERSION, rules_version=RULES_VERSION,
        created_at=now, expires_at=now + timedelta(days=settings.retention_days),
        previous_id=(earlier.id if previous and (earlier := _head(session, previous))
                     else None),
    )
    row = SimpleNamespace(**values, id=repository.add_assessment(session, values=values))
    session.commit()
    return _view(row), delete_key


def live_row(session: Session, token: str, now: datetime | None = None) -> Any:
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return repository.get_assessment(session, token=token, now=now or utcnow())


def read(session: Session, token: str, *, now: datetime | None = None,
         delete_key: str | None = None) -> StoredResult | None:
    """The live result; with the viewer's delete key, `owner` says whether it matches
    (one lookup for both)."""
    row = live_row(session, token, now)
    return _view(row, owner=key_matches(row, delete_key)) if row else None


@dataclass(frozen=True)
class Found:
    """A live result, not yet read: its id, its token, and whether the viewer owns it."""

    id: int
    token: str
    owner: bool


def _head(session: Session, token: str) -> Any:
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return repository.get_assessment_head(session, token=token, now=utcnow())


def find(session: Session, token: str, *, delete_key: str | None = None) -> Found | None:
    head = _head(session, token)
    return Found(head.id, head.token, key_matches(head, delete_key)) if head else None


def owned_row(session: Session, token: str, delete_key: str | None) -> Any:
    """The live result, for its owner only: the one check every owner-only change makes."""
    row = live_row(session, token)
    if row is None:
        raise NotFound
    if not key_matches(row, delete_key):
        raise Forbidden
    return row


def delete(session: Session, token: str, delete_key: str | None) -> None:
    owned_row(session, token, delete_key)
    repository.delete_assessment(session, token=token)
    session.commit()


# Drafts: answers in progress, keyed by a hash of the anonymous session id, so the
# database alone cannot be used to take over somebody's questionnaire.

def load_draft(session: Session, draft_id: str | None) -> dict[str, Any]:
    """The answers in progress. A draft begun on an earlier version of the questionnaire
    keeps every answer that is still valid; the flow then asks what is missing."""
    if not draft_id:
        return {}
    draft = repository.get_draft(session, id_hash=_hash(draft_id), now=utcnow())
    if draft is None:
        return {}
    return {link_id: value for link_id, value in draft.answers.items()
            if (item := q.get(link_id)) is not None and not check_value(item, value)}


def save_draft_answers(session: Session, draft_id: str, answers: dict[str, Any], *,
                       settings: Settings) -> dict[str, Any]:
    """Store a whole answer set as the draft (answers to items not asked are dropped)."""
    answers = _stage_draft(session, draft_id, answers, settings)
    session.commit()
    return answers


def _stage_draft(session: Session, draft_id: str, answers: dict[str, Any],
                 settings: Settings) -> dict[str, Any]:
    answers = flow.prune(answers)
    now = utcnow()
    repository.save_draft(session, id_hash=_hash(draft_id), answers=answers, now=now,
                          expires_at=now + timedelta(days=settings.draft_days))
    return answers


def submit_draft(session: Session, draft_id: str, *,
                 settings: Settings) -> tuple[StoredResult, str] | None:
    """Score and store the draft's answers, then forget the draft (one transaction).
    None when there is nothing to submit (already submitted, expired, or empty)."""
    draft = repository.get_draft(session, id_hash=_hash(draft_id), now=utcnow())
    if draft is None or not draft.answers:
        return None
    repository.delete_draft(session, id_hash=_hash(draft_id))
    try:
        return submit(session, flow.prune(dict(draft.answers)), settings=settings,
                      previous=draft.retake_of)
    except InvalidAnswers:
        session.rollback()
        raise


def start_retake(session: Session, draft_id: str, token: str, delete_key: str | None, *,
                 settings: Settings) -> None:
    """Begin the questionnaire again with an earlier result's answers filled in (owner only);
    the new result will point back to it."""
    row = owned_row(session, token, delete_key)
    _stage_draft(session, draft_id, dict(row.answers), settings)
    repository.set_draft_retake(session, id_hash=_hash(draft_id), token=token)
    session.commit()  # answers and the link back together, or neither


def clear_draft(session: Session, draft_id: str | None) -> None:
    if draft_id:
        repository.delete_draft(session, id_hash=_hash(draft_id))
        session.commit()


def purge(session: Session, *, now: datetime | None = None) -> tuple[int, int]:
    counts = repository.purge_expired(session, now=now or utcnow())
    session.commit()
    return counts

"""The one service both faces use: validate -> score -> store; find and read; delete; purge.

Answers in progress (drafts) are app.drafts'. Stored times are kept to the hour: no more is
needed, and less says less about the person.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import RowMapping
from sqlalchemy.orm import Session

from app import flow, i18n, repository, triage
from app import questionnaire as q
from app.answers import AnswerError, valid_part, validate
from app.result_words import in_language, offered, translations
from app.settings import Settings
from app.triage import RULES_VERSION, Level
from app.triage.levels import of_version
from app.triage.sources import titles


class InvalidAnswers(Exception):
    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__(f"{len(errors)} invalid answer(s)")
        self.errors = errors


class TooMany(Exception):
    """A limit (app.ratelimit) refused to store one more result: nothing was stored.
    `wait` is the seconds until one may be (for Retry-After)."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"too many results stored; wait {wait:.1f} s")
        self.wait = wait


# Asked just before a new result is stored: None to go ahead, else the seconds to wait.
Gate = Callable[[], float | None]


def pass_gate(gate: Gate | None) -> None:
    """Raise TooMany when the gate says wait."""
    if gate is not None and (wait := gate()) is not None:
        raise TooMany(wait)


class NotFound(Exception):
    """No live result for the token: unknown, expired and deleted look the same."""


class Forbidden(Exception):
    """The delete key is missing or wrong: only the person who answered may change it."""


@dataclass(frozen=True)
class Found:
    """A live result, not yet read: its id, its token, and whether the viewer owns it."""

    id: int
    token: str
    owner: bool


@dataclass(frozen=True)
class StoredResult:
    """A stored result as the faces show it (never the delete key or its hash)."""

    id: int  # internal: links a diary to its result; never shown
    token: str
    owner: bool  # the viewer holds the delete key
    level: Level
    reasons: list[dict[str, Any]]
    advice: list[dict[str, Any]]
    answers: dict[str, Any]
    rule_ids: list[str]
    questionnaire_version: str
    rules_version: str
    created_at: datetime
    expires_at: datetime
    notes_shared: bool = False  # typed notes shown through the share link too
    language: str = i18n.SOURCE_LANGUAGE  # the language it was made in
    translations: dict[str, Any] | None = None  # its words in the others (app.result_words)
    shown_in: str = i18n.SOURCE_LANGUAGE  # the language of `level`, `reasons`, `advice`
    partly_english: bool = False  # some texts kept in English in `shown_in` (marked "lang")

    def read_in(self, language: i18n.Language | None = None) -> StoredResult:
        """This result in `language` (default: the one being drawn), from its own words."""
        return in_language(self, language or i18n.CURRENT.get() or i18n.ENGLISH)


# What new_token() makes; anything else cannot exist, so it is not looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_the_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _key_matches(key_hash: str, delete_key: str | None) -> bool:
    """Constant-time check of a delete key against its stored hash."""
    return bool(delete_key) and hmac.compare_digest(hash_secret(delete_key or ""), key_hash)


def submit(session: Session, answers: Mapping[str, Any], *, settings: Settings,
           delete_key: str, previous: str | None = None, token: str | None = None,
           gate: Gate | None = None, language: i18n.Language | None = None) -> StoredResult:
    """Validate, score and store a complete answer set (the caller commits). The delete key
    is the caller's (a new random one for the API; see app.drafts for the pages'). `gate`
    is asked once the answers are valid, so bad requests use up nobody's allowance
    (TooMany: nothing stored). `language`: the one it is made in (default: the page's)."""
    values = _scored(answers, settings, language=language)
    pass_gate(gate)
    earlier = find(session, previous) if previous else None
    values.update(token=token or new_token(), delete_key_hash=hash_secret(delete_key),
                  previous_id=earlier.id if earlier else None)
    new_id = repository.add_assessment(session, values=values)
    return _view({**values, "id": new_id}, owner=True)


def score(answers: Mapping[str, Any], *, settings: Settings, complete: bool = True,
          language: i18n.Language | None = None) -> StoredResult:
    """An answer set scored as submit() would, but stored nowhere (no id, no token): what
    someone with an emergency answer is shown when the limits refuse to store one more
    result (app.web.pages), or when other answers sent with it are not valid (the API:
    `complete=False` scores what there is)."""
    return _view({**_scored(answers, settings, complete, language), "id": 0, "token": ""},
                 owner=True)


def emergency_among(answers: Mapping[str, Any], *, settings: Settings,
                    language: i18n.Language | None = None) -> StoredResult | None:
    """What the valid answers alone score, stored nowhere, when that is an emergency: shown
    to someone a limit refused to store for, or whose other answers are not valid yet."""
    try:
        scored = score(flow.prune(valid_part(answers)), settings=settings, complete=False,
                       language=language)
    except InvalidAnswers:
        return None
    return scored if scored.level.id == "emergency" else None


def _scored(answers: Mapping[str, Any], settings: Settings, complete: bool = True,
            language: i18n.Language | None = None) -> dict[str, Any]:
    """A result's columns, but its token, key and link to an earlier result: its words in
    English and in every language offered, made in `language` (default: the page's)."""
    language = language or i18n.CURRENT.get() or i18n.ENGLISH
    errors = validate(answers, complete=complete)
    if errors:
        raise InvalidAnswers(errors)
    now = to_the_hour(utcnow())
    scored = triage.score(answers)  # once, worded in English and in each language offered
    result = scored.in_words()
    return dict(
        answers=dict(answers), level=result.level.id, rule_ids=result.rule_ids,
        reasons=[{"rule": r.id, "level": r.level, "text": r.text, "sources": list(r.sources),
                  "source_titles": titles(r.sources)} for r in result.reasons],
        advice=[{"id": a.id, "kind": a.kind, "title": a.title, "text": a.text,
                 "sources": list(a.sources), "source_titles": titles(a.sources)}
                for a in result.advice],
        questionnaire_version=q.VERSION, rules_version=RULES_VERSION, language=language.code,
        translations=translations(scored, [*offered(settings.locale_dir), language]),
        created_at=now, expires_at=now + timedelta(days=settings.retention_days),
    )


def create(session: Session, answers: Mapping[str, Any], *, settings: Settings,
           gate: Gate | None = None, language: i18n.Language | None = None
           ) -> tuple[StoredResult, str]:
    """Score and store an answer set sent whole (the API): the result and its new delete
    key, which is returned only here."""
    delete_key = new_token()
    result = submit(session, answers, settings=settings, delete_key=delete_key, gate=gate,
                    language=language)
    session.commit()
    return result, delete_key


def _view(row: Mapping[str, Any] | RowMapping, owner: bool) -> StoredResult:
    return StoredResult(
        id=row["id"], token=row["token"], owner=owner,
        level=of_version(row["rules_version"])[row["level"]], reasons=row["reasons"],
        advice=row["advice"], answers=row["answers"], rule_ids=row["rule_ids"],
        questionnaire_version=row["questionnaire_version"], rules_version=row["rules_version"],
        created_at=row["created_at"], expires_at=row["expires_at"],
        notes_shared=bool(row.get("notes_shared", False)),
        language=row.get("language") or i18n.SOURCE_LANGUAGE,
        translations=row.get("translations"))


def find(session: Session, token: str, *, delete_key: str | None = None) -> Found | None:
    """The live result's id and owner check, without reading the result itself."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    head = repository.get_assessment_head(session, token=token, now=utcnow())
    if head is None:
        return None
    return Found(head.id, head.token, _key_matches(head.delete_key_hash, delete_key))


def read(session: Session, token: str, *, delete_key: str | None = None
         ) -> StoredResult | None:
    """The whole live result; with the viewer's delete key, `owner` says whether it
    matches (one lookup for both)."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    row = repository.get_assessment(session, token=token, now=utcnow())
    if row is None:
        return None
    return _view(row._mapping, _key_matches(row.delete_key_hash, delete_key))


def newer(session: Session, result_id: int) -> tuple[str, datetime] | None:
    """The token and date of the result that re-took this one, if it is live."""
    row = repository.newer_assessment(session, assessment_id=result_id, now=utcnow())
    return (row.token, row.created_at) if row else None


def require_owner(session: Session, token: str, delete_key: str | None) -> Found:
    """The live result, for its owner only: the one check every owner-only change makes."""
    found = find(session, token, delete_key=delete_key)
    if found is None:
        raise NotFound
    if not found.owner:
        raise Forbidden
    return found


def share_notes(session: Session, token: str, delete_key: str | None, shared: bool) -> None:
    """Show (or stop showing) the typed notes to anyone with the link: owner only."""
    found = require_owner(session, token, delete_key)
    repository.set_notes_shared(session, assessment_id=found.id, shared=shared)
    session.commit()


def delete(session: Session, token: str, delete_key: str | None) -> None:
    """Delete a result, its diary and the drafts made from it (owner only), and leave no
    trace of them in the database's files."""
    require_owner(session, token, delete_key)
    repository.delete_assessment(session, token=token)
    session.commit()
    repository.forget_deleted(session)

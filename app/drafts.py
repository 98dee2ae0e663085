"""Answers in progress (drafts), and submitting them as a result.

A draft is found by a hash of the anonymous session id, so the database alone cannot be
used to take over somebody's questionnaire. A submitted draft is kept (until it expires)
with its result's token: a second submit of the same answers lands on the same result, and
Back from the result finds the answers, not an empty questionnaire.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from app import assessments, flow, repository
from app import questionnaire as q
from app.answers import valid_part
from app.assessments import StoredResult, hash_secret, to_the_hour, utcnow
from app.settings import Settings


@dataclass(frozen=True)
class Draft:
    answers: dict[str, Any]
    retake_of: str | None = None  # the result a re-take began from
    result_token: str | None = None  # the result it was submitted as


class StaleAnswers(Exception):
    """The page submitted showed other answers than the draft holds now (another tab
    changed them): nothing is stored, and the answers are shown again to check."""


def fingerprint(answers: Mapping[str, Any]) -> str:
    """A short digest of an answer set: a page that shows answers sends it back, so what is
    submitted is what was shown (not what another tab has changed since)."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def load(session: Session, draft_id: str | None) -> Draft | None:
    """The draft in progress, if any. One begun on an earlier version of the questionnaire
    keeps every answer that is still valid; the flow then asks what is missing."""
    if not draft_id:
        return None
    row = repository.get_draft(session, id_hash=hash_secret(draft_id), now=utcnow())
    if row is None:
        return None
    return Draft(valid_part(row.answers), row.retake_of, row.result_token)


def answers_of(session: Session, draft_id: str | None) -> dict[str, Any]:
    draft = load(session, draft_id)
    return draft.answers if draft else {}


def save(session: Session, draft_id: str, answers: dict[str, Any], *, settings: Settings,
         retake_of: str | None = None) -> dict[str, Any]:
    """Store a whole answer set as the draft (answers to items no longer asked dropped), as
    a questionnaire in progress again (no longer submitted). Returns the answers kept. The
    caller commits."""
    answers = flow.prune(answers)
    now = to_the_hour(utcnow())
    repository.save_draft(session, id_hash=hash_secret(draft_id), answers=answers, now=now,
                          expires_at=now + timedelta(days=settings.draft_days),
                          retake_of=retake_of)
    return answers


def record(session: Session, draft_id: str, draft: Draft | None, answers: dict[str, Any], *,
           settings: Settings) -> dict[str, Any]:
    """Save a page's answers into the draft `draft` (as loaded before), committed; returns
    the answers kept (those to items an answer now disables dropped). The same answers
    again change nothing, so a draft already submitted stays so. Words the person typed
    and then changed leave nothing of the old ones on disk."""
    if draft is not None and flow.prune(answers) == draft.answers:
        return draft.answers
    saved = save(session, draft_id, answers, settings=settings,
                 retake_of=draft.retake_of if draft else None)
    session.commit()
    if draft is not None:
        forget_replaced(session, draft.answers, saved)
    return saved


def owner_key(draft_id: str, token: str, secret: str) -> str:
    """The delete key of a result submitted from a draft: worked out again from the session
    and the result, never stored, so a second submit can hand the same key back."""
    return hmac.new(secret.encode(), f"delete:{draft_id}:{token}".encode(),
                    "sha256").hexdigest()


def submit(session: Session, draft_id: str, shown: str | None, *, settings: Settings,
           secret: str, gate: assessments.Gate | None = None
           ) -> tuple[StoredResult | assessments.Found, str] | None:
    """Score and store the draft's answers as a result, once: the result (or, when it was
    submitted already, the one it became) and its delete key. None when there is nothing
    to submit. `shown` is the fingerprint of the answers the page showed. `gate` is asked
    only when a new result would be stored (assessments.TooMany: nothing stored), so a
    second submit of the same answers is never refused."""
    draft = load(session, draft_id)
    if draft is None or not draft.answers:
        return None
    if draft.result_token and (done := _submitted_as(session, draft_id, draft, secret)):
        return done
    answers = flow.prune(draft.answers)
    if shown is not None and shown != fingerprint(answers):
        raise StaleAnswers
    token = assessments.new_token()
    if not repository.claim_draft(session, id_hash=hash_secret(draft_id), token=token,
                                  seen=draft.result_token):
        # Another submit of this draft got there first (a double click): its result.
        session.rollback()
        draft = load(session, draft_id)
        return _submitted_as(session, draft_id, draft, secret) if draft else None
    try:
        result = assessments.submit(session, answers, settings=settings,
                                    delete_key=owner_key(draft_id, token, secret),
                                    previous=draft.retake_of, token=token, gate=gate)
    except (assessments.InvalidAnswers, assessments.TooMany):
        session.rollback()  # the claim on the draft too: it stays in progress
        raise
    earlier = assessments.find(session, draft.retake_of) if draft.retake_of else None
    if earlier is not None:
        repository.move_diary(session, from_id=earlier.id, to_id=result.id)
    now = to_the_hour(utcnow())
    repository.save_draft(session, id_hash=hash_secret(draft_id), answers=answers, now=now,
                          expires_at=now + timedelta(days=settings.draft_days),
                          result_token=result.token)
    session.commit()  # the result and the draft's link to it, or neither
    return result, owner_key(draft_id, token, secret)


def _submitted_as(session: Session, draft_id: str, draft: Draft, secret: str
                  ) -> tuple[assessments.Found, str] | None:
    """The live result a draft was submitted as, with its delete key; None if it is gone."""
    done = assessments.find(session, draft.result_token) if draft.result_token else None
    return (done, owner_key(draft_id, done.token, secret)) if done else None


def start_retake(session: Session, draft_id: str, token: str, delete_key: str | None, *,
                 settings: Settings) -> None:
    """Begin the questionnaire again with an earlier result's answers filled in (owner only),
    but for the warning signs of a moment (`Item.asked_afresh`): "none right now" a week
    ago says nothing of now, so they are asked again. The new result will point back to
    the earlier one."""
    assessments.require_owner(session, token, delete_key)
    earlier = assessments.read(session, token)
    assert earlier is not None
    replaced = answers_of(session, draft_id)
    copied = {link_id: value for link_id, value in earlier.answers.items()
              if not getattr(q.BY_ID.get(link_id), "asked_afresh", False)}
    kept = save(session, draft_id, copied, settings=settings, retake_of=token)
    session.commit()
    forget_replaced(session, replaced, kept)


def forget_replaced(session: Session, before: Mapping[str, Any],
                    after: Mapping[str, Any]) -> None:
    """After a committed save: when words the person typed were changed or dropped, leave
    nothing of the old ones on disk. SQLite's secure_delete blanks the old row in the
    database file, but its old page stays in the write-ahead log until a checkpoint, where
    anyone with a copy of the files could still read it."""
    if any(before.get(link_id) and before.get(link_id) != after.get(link_id)
           for link_id in q.TYPED):
        repository.forget_deleted(session)


def clear(session: Session, draft_id: str | None) -> None:
    """Delete the answers in progress ("Forget", "Start again"), to the last byte on disk."""
    if draft_id:
        repository.delete_draft(session, id_hash=hash_secret(draft_id))
        session.commit()
        repository.forget_deleted(session)

"""app.drafts: answers in progress, saved a page at a time by the service, which commits."""

from __future__ import annotations

from app import drafts
from tests.factories import harmless

SESSION_ID = "a-session-id-for-this-test"


def test_the_same_answers_again_leave_a_submitted_draft_submitted(session, settings):
    drafts.record(session, SESSION_ID, None, harmless(), settings=settings)
    submitted = drafts.submit(session, SESSION_ID, None, settings=settings, secret="s" * 32)
    assert submitted is not None
    draft = drafts.load(session, SESSION_ID)
    assert draft is not None and draft.result_token == submitted[0].token

    kept = drafts.record(session, SESSION_ID, draft, dict(draft.answers), settings=settings)
    assert kept == draft.answers
    assert drafts.load(session, SESSION_ID).result_token == submitted[0].token

    drafts.record(session, SESSION_ID, draft, {**draft.answers, "notes": "Left calf, evenings"},
                  settings=settings)
    session.rollback()  # what is recorded is committed: a rollback undoes none of it
    changed = drafts.load(session, SESSION_ID)
    assert changed.answers["notes"] == "Left calf, evenings" and changed.result_token is None

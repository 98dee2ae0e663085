"""app.deps.with_session: on SQLite one Session serves every request in turn; nothing one
request leaves behind (an error, an uncommitted write) may reach the next."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app import repository
from app.assessments import utcnow
from app.deps import with_session


def run(app, handler):
    # A thread of its own: after the browser tests, this one may already run a loop.
    request = SimpleNamespace(app=app)
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, with_session(request, handler)).result()


def test_an_uncommitted_write_dies_with_its_request(app):
    now = utcnow()

    def fails_after_writing(*, session):
        repository.save_draft(session, id_hash="w" * 64, answers={"a": 1}, now=now,
                              expires_at=now + timedelta(days=1))
        raise RuntimeError("the handler broke")

    with pytest.raises(RuntimeError):
        run(app, fails_after_writing)

    def reads(*, session):
        assert not session.in_transaction()
        return repository.get_draft(session, id_hash="w" * 64, now=now)

    assert run(app, reads) is None
    with app.state.session_factory() as other:  # and not on disk either
        assert repository.get_draft(other, id_hash="w" * 64, now=now) is None


def test_each_request_starts_with_an_empty_session(app):
    def leaves_an_object(*, session):
        from app.models import Draft
        session.add(Draft(id_hash="x" * 64, answers={}, updated_at=utcnow(),
                          expires_at=utcnow()))
        return True

    assert run(app, leaves_an_object)
    assert run(app, lambda *, session: len(session.new) + len(session.identity_map)) == 0

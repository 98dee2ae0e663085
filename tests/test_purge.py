"""The purge deletes in bounded batches, one short transaction each: all that
expired goes, with the drafts made from it, and nothing live is touched."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from app import assessments, repository
from app.assessments import utcnow
from app.models import Assessment, DiaryEntry, Draft
from app.purge import purge, purge_step
from tests.factories import count, harmless


def _results(session, settings, n: int) -> list[str]:
    tokens = [assessments.create(session, harmless(), settings=settings)[0].token
              for _ in range(n)]
    return tokens


def _expire(session, tokens: list[str]) -> None:
    session.execute(update(Assessment).where(Assessment.token.in_(tokens))
                    .values(expires_at=utcnow() - timedelta(hours=1)))
    session.commit()


def _draft(session, key: str, *, retake_of: str | None = None,
           result_token: str | None = None, days: int = 7) -> None:
    now = assessments.to_the_hour(utcnow())
    repository.save_draft(session, id_hash=key * 64, answers=harmless(), now=now,
                          expires_at=now + timedelta(days=days), retake_of=retake_of,
                          result_token=result_token)
    session.commit()


def _live_tokens(session) -> set[str]:
    session.expire_all()
    return set(session.scalars(select(Assessment.token)))


def test_batches_of_two_delete_all_five_expired_and_leave_the_live(session, settings):
    tokens = _results(session, settings, 8)
    expired, live = tokens[:5], tokens[5:]
    _expire(session, expired)
    steps = []
    while (step := purge_step(session, now=utcnow(), batch=2)) != (0, 0):
        steps.append(step)
    assert [results for results, _ in steps] == [2, 2, 1]
    assert _live_tokens(session) == set(live)


def test_purge_with_batch_two_counts_everything(session, settings):
    tokens = _results(session, settings, 7)
    _expire(session, tokens[:5])
    _draft(session, "a", days=-1)
    assert purge(session, batch=2) == (5, 1)
    assert _live_tokens(session) == set(tokens[5:])
    assert purge(session, batch=2) == (0, 0)


def test_drafts_made_from_expired_results_go_with_them(session, settings):
    old, kept = _results(session, settings, 2)
    _expire(session, [old])
    _draft(session, "a", retake_of=old)
    _draft(session, "b", result_token=old)
    _draft(session, "c", retake_of=kept)
    assert purge(session, batch=2) == (1, 2)
    session.expire_all()
    assert session.scalars(select(Draft.retake_of)).all() == [kept]


def test_drafts_whose_result_is_already_gone_are_deleted(session, settings):
    """A result deleted without its drafts (as purges once did) leaves a draft
    holding a copy of its answers: the next purge deletes it."""
    gone, kept = _results(session, settings, 2)
    _draft(session, "a", retake_of=gone)
    _draft(session, "b", result_token=gone)
    _draft(session, "c", retake_of=kept)
    _draft(session, "d")
    session.execute(delete(Assessment).where(Assessment.token == gone))
    session.commit()
    assert purge(session, batch=1) == (0, 2)
    assert count(session, Draft) == 2


def _expired_result_with_a_diary_and_a_retake(session, settings):
    """An expired result with one diary entry, and the live re-take made from it."""
    old = assessments.create(session, harmless(), settings=settings)[0]
    session.add(DiaryEntry(assessment_id=old.id, at=utcnow(), location="eyelid",
                           duration="seconds", intensity=1, tags=[], note=""))
    session.commit()
    retake = assessments.submit(session, harmless(), settings=settings, delete_key="k" * 32,
                                previous=old.token)
    session.commit()
    _expire(session, [old.token])
    return retake


def test_diaries_go_and_retakes_of_purged_results_are_kept(session, settings):
    retake = _expired_result_with_a_diary_and_a_retake(session, settings)
    assert purge(session, batch=1) == (1, 0)
    assert count(session, DiaryEntry) == 0
    session.expire_all()
    assert session.scalars(select(Assessment.previous_id)
                           .where(Assessment.token == retake.token)).one() is None


def test_the_purge_does_what_every_foreign_key_to_a_result_would(empty_database_url):
    """The purge runs with SQLite's foreign key actions off and does their work itself, a
    batch at once: a new foreign key to results must be added to it too."""
    from sqlalchemy import create_engine, inspect

    from app.migrate import upgrade

    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    inspector = inspect(engine)
    found = {(table, column) for table in inspector.get_table_names()
             for fk in inspector.get_foreign_keys(table) if fk["referred_table"] == "assessments"
             for column in fk["constrained_columns"]}
    engine.dispose()
    assert found == repository.PURGE_HANDLES


def test_the_purge_command_deletes_diaries_and_unlinks_retakes(session, settings):
    """`python -m app purge`'s path: foreign key actions off, done by the purge."""
    from app.db import make_engine
    from app.purge import purge_database, purge_session

    retake = _expired_result_with_a_diary_and_a_retake(session, settings)
    assert purge_database(settings, batch=1, pause=0) == (1, 0)
    assert count(session, DiaryEntry) == 0
    session.expire_all()
    assert session.scalars(select(Assessment.previous_id)
                           .where(Assessment.token == retake.token)).one() is None
    engine = make_engine(settings.model_copy(update={"db_pool_size": 1}))
    with purge_session(engine):
        pass
    with engine.connect() as connection:  # the same connection, back in the pool
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()

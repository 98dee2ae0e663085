"""app.prepared: the hot-path reads give what the ORM gives, on each database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, insert, select, update

from app import repository
from app.models import Draft
from app.prepared import Prepared

DRAFTS = Draft.__table__
NOW = datetime(2026, 11, 22, 12, 0, 0, 123456, tzinfo=UTC)
live = Prepared(select(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key"),
                                     DRAFTS.c.expires_at > bindparam("now")))


def _draft(key: str, expires_at: datetime) -> Draft:
    return Draft(id_hash=key, answers={"locations": ["arm_hand"], "notes": "é \"x\""},
                 retake_of=None, updated_at=NOW, expires_at=expires_at)


def test_a_row_comes_back_with_its_types_converted(session):
    session.add(_draft("a" * 64, NOW + timedelta(days=1)))
    session.commit()
    row = live.first(session, key="a" * 64, now=NOW)
    orm = session.get(Draft, "a" * 64)
    assert row.answers == orm.answers == {"locations": ["arm_hand"], "notes": "é \"x\""}
    assert row.expires_at == NOW + timedelta(days=1) and row.expires_at.tzinfo is not None
    assert row.updated_at == NOW and row.retake_of is None


def test_the_expiry_is_compared_to_the_microsecond(session):
    session.add(_draft("b" * 64, NOW))
    session.commit()
    assert live.first(session, key="b" * 64, now=NOW) is None
    assert live.first(session, key="b" * 64, now=NOW - timedelta(microseconds=1)) is not None
    assert live.first(session, key="c" * 64, now=NOW - timedelta(days=1)) is None


def test_a_read_sees_what_the_same_session_has_not_committed(session):
    session.add(_draft("d" * 64, NOW + timedelta(days=1)))
    session.flush()
    assert live.first(session, key="d" * 64, now=NOW) is not None
    session.rollback()
    assert live.first(session, key="d" * 64, now=NOW) is None


def test_all_keeps_the_order_and_the_repository_uses_it(session):
    for i, key in enumerate(("e", "f", "g")):
        session.add(_draft(key * 64, NOW + timedelta(days=i + 1)))
    session.commit()
    ordered = Prepared(select(DRAFTS.c.id_hash).where(DRAFTS.c.expires_at > bindparam("now"))
                       .order_by(DRAFTS.c.expires_at.desc()))
    assert [r.id_hash[0] for r in ordered.all(session, now=NOW)] == ["g", "f", "e"]
    assert repository.get_draft(session, id_hash="f" * 64, now=NOW).answers["notes"] == "é \"x\""


def test_writes_join_the_session_transaction_and_convert_values(session):
    insert_one = Prepared(insert(DRAFTS).values(
        id_hash=bindparam("key"), answers=bindparam("answers"), updated_at=bindparam("now"),
        expires_at=bindparam("now")).returning(DRAFTS.c.id_hash, DRAFTS.c.expires_at))
    touch = Prepared(update(DRAFTS).where(DRAFTS.c.id_hash == bindparam("key"))
                     .values(answers=bindparam("answers")))
    returned = insert_one.write(session, key="h" * 64, answers={"a": [1, "é"]}, now=NOW)
    assert returned.id_hash == "h" * 64 and returned.expires_at == NOW
    assert touch.write(session, key="h" * 64, answers={"b": None}) == 1
    assert touch.write(session, key="nobody", answers={}) == 0
    session.rollback()  # nothing was committed: nothing is there
    assert session.get(Draft, "h" * 64) is None
    insert_one.write(session, key="h" * 64, answers={"a": [1, "é"]}, now=NOW)
    session.commit()
    session.expire_all()
    assert session.get(Draft, "h" * 64).answers == {"a": [1, "é"]}


def test_reads_outside_a_transaction_see_every_commit_at_once(app):
    """On SQLite these reads share one open connection (app.db.Reader): each must end its
    read transaction, or later reads would see an old snapshot."""
    factory = app.state.session_factory
    for step in range(3):
        with factory() as writer:
            if step == 0:
                writer.add(_draft("r" * 64, NOW + timedelta(days=1)))
            else:
                repository.save_draft(writer, id_hash="r" * 64, answers={"step": step},
                                      now=NOW, expires_at=NOW + timedelta(days=1))
            writer.commit()
        with factory() as reader:
            row = live.first(reader, key="r" * 64, now=NOW)
            assert (row.answers.get("step") or 0) == step
            assert not reader.in_transaction()

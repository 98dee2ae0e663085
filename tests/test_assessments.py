"""app.assessments: what a stored result holds and how long it is kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app import assessments
from app.models import Assessment, Draft
from app.purge import purge
from tests.factories import harmless, stored_drafts, stored_results, walk


def test_retention_days_sets_expiry(client, session, settings):
    created = client.post("/api/v1/assessments", json={"answers": harmless()}).json()
    row = session.query(Assessment).filter_by(token=created["token"]).one()
    assert row.expires_at - row.created_at == timedelta(days=settings.retention_days)


def test_stored_row_holds_only_what_is_needed(client, session):
    created = client.post("/api/v1/assessments", json={"answers": harmless()},
                          headers={"User-Agent": "Secret-Agent/1.0"}).json()
    row = session.query(Assessment).one()
    assert row.delete_key_hash != created["delete_key"]
    assert len(row.delete_key_hash) == 64
    stored = repr([getattr(row, c.key) for c in Assessment.__table__.columns])
    assert created["delete_key"] not in stored
    assert "Secret-Agent" not in stored and "testclient" not in stored


def test_purge_removes_expired_results_and_drafts(app, client, session):
    walk(client, harmless())
    client.post("/api/v1/assessments", json={"answers": harmless()})
    kept = client.post("/api/v1/assessments", json={"answers": harmless()}).json()["token"]
    past = assessments.utcnow() - timedelta(days=1)
    session.execute(update(Assessment).where(Assessment.token != kept).values(expires_at=past))
    session.execute(update(Draft).values(expires_at=past))
    session.commit()
    assert purge(session) == (1, 1)
    assert stored_results(session) == 1 and stored_drafts(session) == 0

"""Databases of many stored results for bench/scale.py, built fast: one real result is stored
through the service (with one real diary entry), then copied by SQL in bulk, a chunk a
transaction, never through the API.

Layout, as a year of a busy service would leave it: the oldest half is expired (and waits
for the purge), every tenth live result is a re-take of an expired one (so the purge sets
their links to NULL), every twentieth result has three diary entries, and every hundredth
has a re-take in progress (a draft pointing to it).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, bindparam, text

from app import assessments
from app.db import make_engine, make_sessionmaker
from app.migrate import upgrade
from app.models import Assessment, DiaryEntry, UTCDateTime
from app.settings import Settings
from bench.loadlib import SAMPLE_ANSWERS, SECRET_KEY

CHUNK = 50_000
COLUMNS = ("delete_key_hash, answers, level, rule_ids, reasons, advice, "
           "questionnaire_version, rules_version, created_at")
TOKEN = {"sqlite": "lower(hex(randomblob(24)))",
         "postgresql": "md5(random()::text || i::text) || substr(md5(i::text), 1, 16)"}
NUMBERS = {"sqlite": "WITH RECURSIVE n(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < :last) ",
           "postgresql": ""}
FROM_NUMBERS = {"sqlite": "n", "postgresql": "generate_series(:first, :last) AS n(i)"}
ENTRY_COLUMNS = "at, location, duration, intensity, tags, note"


@dataclass
class Built:
    url: str
    results: int
    expired: int
    seconds: float
    column_bytes: dict[str, int]  # the source row's stored JSON, per column


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, secret_key=SECRET_KEY, purge_interval_minutes=0)


def _source(engine: Engine, settings: Settings) -> tuple[int, dict[str, int]]:
    """Store one real result (and a diary entry) as the app does; its id and JSON sizes."""
    with make_sessionmaker(engine)() as session:
        stored, _ = assessments.create(session, SAMPLE_ANSWERS, settings=settings)
        session.add(DiaryEntry(assessment_id=stored.id, at=assessments.utcnow(),
                               location="arm_hand", duration="seconds", intensity=3,
                               tags=["caffeine"], note=""))
        session.commit()
        row = session.get(Assessment, stored.id)
        assert row is not None
        sizes = {name: len(json.dumps(getattr(row, name)))
                 for name in ("answers", "rule_ids", "reasons", "advice")}
        return stored.id, sizes


def _copy(engine: Engine, source: int, first: int, last: int, expired_up_to: int) -> None:
    """Copies number `first`..`last` of the source row, in one transaction."""
    dialect = engine.dialect.name
    past = assessments.to_the_hour(assessments.utcnow() - timedelta(days=3))
    insert = _with_times(
        f"{NUMBERS[dialect]}INSERT INTO assessments (token, {COLUMNS}, expires_at) "
        f"SELECT {TOKEN[dialect]}, {COLUMNS}, "
        f"CASE WHEN i <= :expired_up_to THEN :past ELSE s.expires_at END "
        f"FROM {FROM_NUMBERS[dialect]}, assessments s WHERE s.id = :source")
    with engine.begin() as connection:
        connection.execute(insert, {"first": first, "last": last, "source": source,
                                    "expired_up_to": expired_up_to, "past": past})


def _extras(engine: Engine, source: int, half: int) -> None:
    """Re-take links, diaries and drafts in progress, over the copies (see the docstring)."""
    now = assessments.to_the_hour(assessments.utcnow())
    draft_hash = {"sqlite": "lower(hex(randomblob(32)))",
                  "postgresql": "md5(random()::text) || md5(a.token)"}[engine.dialect.name]
    entry = ", ".join(f"e.{c.strip()}" for c in ENTRY_COLUMNS.split(","))
    statements = [
        "UPDATE assessments SET previous_id = id - :half "
        "WHERE id % 10 = 0 AND id > :source + :half AND id BETWEEN :lo AND :hi",
        f"INSERT INTO diary_entries (assessment_id, {ENTRY_COLUMNS}) SELECT a.id, {entry} "
        "FROM assessments a, diary_entries e, (SELECT 1 AS k UNION ALL SELECT 2 "
        "UNION ALL SELECT 3) AS copies WHERE a.id % 20 = 0 AND a.id BETWEEN :lo AND :hi "
        "AND e.assessment_id = :source",
        f"INSERT INTO drafts (id_hash, answers, retake_of, updated_at, expires_at) "
        f"SELECT {draft_hash}, a.answers, a.token, :now, :later FROM assessments a "
        "WHERE a.id % 100 = 0 AND a.id BETWEEN :lo AND :hi",
    ]
    with engine.connect() as connection:
        top = connection.scalar(text("SELECT max(id) FROM assessments"))
    for lo in range(source + 1, top + 1, CHUNK):
        values = {"half": half, "source": source, "lo": lo, "hi": lo + CHUNK - 1,
                  "now": now, "later": now + timedelta(days=7)}
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(_with_times(statement), values)
        _checkpoint(engine)


def _with_times(statement: str) -> Any:
    """text() whose :now, :later and :past go in as stored times."""
    return text(statement).bindparams(*(bindparam(name, type_=UTCDateTime())
                                        for name in ("now", "later", "past")
                                        if f":{name}" in statement))


def _checkpoint(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def build(url: str, results: int) -> Built:
    """A migrated database at `url` (empty) holding `results` results, half expired."""
    started = time.monotonic()
    upgrade(url)
    settings = settings_for(url)
    engine = make_engine(settings)
    try:
        source, sizes = _source(engine, settings)
        copies, half = results - 1, results // 2
        for first in range(1, copies + 1, CHUNK):
            _copy(engine, source, first, min(copies, first + CHUNK - 1), half)
            _checkpoint(engine)
        _extras(engine, source, half)
        if engine.dialect.name == "postgresql":  # as autovacuum would have by now
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()
    return Built(url, results, half, time.monotonic() - started, sizes)


def bytes_per_result(url: str, results: int) -> float:
    """What the database holds (tables, indexes; SQLite: the file and its WAL) per result."""
    engine = make_engine(settings_for(url))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
                size = pages * connection.exec_driver_sql("PRAGMA page_size").scalar_one()
            else:
                size = connection.exec_driver_sql(
                    "SELECT pg_database_size(current_database())").scalar_one()
    finally:
        engine.dispose()
    return size / results

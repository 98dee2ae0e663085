"""A writer holding SQLite's lock holds up nobody else: the health check and pages answer
while it lasts, a write that cannot get in answers 503 with Retry-After, nothing of it is
stored, and nothing a person typed (nor a token) reaches the server's log."""

from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.factories import harmless
from tests.live import live_server

pytestmark = pytest.mark.sqlite_only
NOTE = "Secret-words-of-the-diary-41c2"
# Writes kept waiting at once: more than the threads of either kind (WORKER_THREADS, 2).
WRITERS = 5


def test_a_held_write_lock_stalls_no_one_else(tmp_path, empty_database_url):
    log = tmp_path / "server.log"
    with live_server(empty_database_url, log, SQLITE_BUSY_TIMEOUT_MS="1500") as url:
        created = httpx.post(f"{url}/api/v1/assessments", json={"answers": harmless()}).json()
        token = created["token"]
        holder = sqlite3.connect(make_url(empty_database_url).database, timeout=0,
                                 isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process's writer, holding the lock
        held_since = time.monotonic()
        writes: list[httpx.Response] = []
        # More writes waiting than the app has threads for them or for readers: they wait
        # on threads of their own (app.db.writer_threads), never on the readers'.
        writers = [threading.Thread(target=lambda: writes.append(httpx.post(
            f"{url}/api/v1/assessments/{token}/diary", timeout=10,
            json={"location": "leg_foot", "duration": "seconds", "intensity": 2, "note": NOTE},
            headers={"X-Delete-Key": created["delete_key"]}))) for _ in range(WRITERS)]
        for writer in writers:
            writer.start()
        time.sleep(0.3)  # the writes are now waiting for the lock
        answered = {}
        for name, path in (("healthz", "/healthz"), ("share page", f"/r/{token}"),
                           ("question", "/questions/red_flags_now")):
            start = time.monotonic()
            response = httpx.get(f"{url}{path}", timeout=10)
            answered[name] = (response.status_code, time.monotonic() - start)
        still_waiting = all(writer.is_alive() for writer in writers)
        for writer in writers:
            writer.join()
        holder.execute("ROLLBACK")
        holder.close()
        print("while the lock was held:", {k: f"{v[0]} in {v[1] * 1000:.0f} ms"
                                           for k, v in answered.items()},
              f"write gave up after {time.monotonic() - held_since:.1f} s")
        assert still_waiting, "the reads must have answered while the write still waited"
        assert all(status == 200 and seconds < 0.75 for status, seconds in answered.values()
                   ), answered
        assert len(writes) == WRITERS
        assert all(w.status_code == 503 and w.headers["retry-after"] == "5" for w in writes)
        diary = httpx.get(f"{url}/api/v1/assessments/{token}/diary").json()
        assert diary["entries"] == []  # nothing half-stored
    text = log.read_text()
    assert NOTE not in text and token not in text and created["delete_key"] not in text

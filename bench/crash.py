"""Crash: kill -9 the server in the middle of the load, restart it on the same SQLite file,
and check that every result acknowledged before the kill is still there, with the right
level, and that `PRAGMA integrity_check` says ok.

    .venv/bin/python -m bench.crash [--people 200] [--api 500] [--kill-at 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.loadlib import Server, Stats, drive, read_back, report


async def load_then_kill(server: Server, people: int, api: int, kill_at: int) -> Stats:
    """Kill the server once `kill_at` results are acknowledged: mid-load, writes in flight."""
    stats = Stats()
    load = asyncio.create_task(drive(server.url, people, api, stats=stats))
    deadline = time.monotonic() + 120
    while len(stats.acknowledged) < kill_at and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    acknowledged_before = dict(stats.acknowledged)
    server.kill()
    # The load runs on against a dead server: its requests fail fast and it ends.
    await asyncio.wait_for(load, timeout=120)
    stats.acknowledged = acknowledged_before | stats.acknowledged
    return stats


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--api", type=int, default=500)
    parser.add_argument("--kill-at", type=int, default=300,
                        help="kill -9 once this many results are acknowledged")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "crash.db"
        server = Server(database)
        server.start()
        started = time.perf_counter()
        try:
            stats = asyncio.run(load_then_kill(server, args.people, args.api, args.kill_at))
        finally:
            server.kill()
        seconds = time.perf_counter() - started
        restarted = Server(database, port=server.port)
        restarted.start()
        try:
            lost, wrong = asyncio.run(read_back(restarted.url, stats.acknowledged))
        finally:
            restarted.stop()
        with sqlite3.connect(database) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            rows = connection.execute("SELECT count(*) FROM assessments").fetchone()[0]
    print(f"machine                {os.cpu_count()} cores; server: 1 uvicorn worker, SQLite")
    print(f"killed with SIGKILL    once {args.kill_at} results were acknowledged, "
          f"with {args.people + args.api} people and submissions under way")
    report(stats, seconds)
    print(f"acknowledged results   {len(stats.acknowledged)} (rows after restart: {rows})")
    print(f"lost results           {lost}")
    print(f"wrong level read back  {wrong}")
    print(f"integrity_check        {integrity}")
    ok = lost == 0 and wrong == 0 and integrity == "ok" and len(stats.acknowledged) > 0
    print("verdict                " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

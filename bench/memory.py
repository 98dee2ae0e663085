"""Memory of a real server while people read one result with a full diary.

Stores a result with a 2,000-entry diary (the most a diary holds) through the API, then
reads its result, print and diary pages 100 times each (with both allowed Host names and
every chart period, as the audit did) and prints the server's resident memory before and
after. When pages were cached whole, each cached page of such a result cost ~17 MB.

    .venv/bin/python -m bench.memory [--views 100] [--entries 2000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.loadlib import Server


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--views", type=int, default=100)
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "memory.db")
        server.start()
        try:
            assert server.process is not None
            answers = {"red_flags_now": ["none"], "red_flags_recent": ["none"],
                       "age_band": "16_to_64", "locations": ["leg_foot"],
                       "duration": "2_weeks_to_3_months", "frequency": "daily",
                       "course": "same", "spreading": False, "symptoms": ["none"],
                       "triggers": ["none_identified"], "medications": ["none"],
                       "new_medication": False, "lifestyle_tried": "not_tried",
                       "notes": "n" * 1000}
            created = httpx.post(f"{server.url}/api/v1/assessments",
                                 json={"answers": answers}).json()
            token, key = created["token"], created["delete_key"]
            now = datetime.now(UTC)
            with httpx.Client(base_url=server.url, timeout=30) as client:
                for i in range(args.entries):
                    at = (now - timedelta(minutes=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
                    client.post(f"/api/v1/assessments/{token}/diary", headers={
                        "X-Delete-Key": key}, json={"at": at, "location": "leg_foot",
                                                    "duration": "seconds", "intensity": 3,
                                                    "note": f"{i:04d} " + "d" * 490})
                before = rss_mb(server.process.pid)
                start = time.monotonic()
                paths = [f"/r/{token}", f"/r/{token}/print"] + [
                    f"/r/{token}/diary?days={d}" for d in (14, 30, 90)]
                for view in range(args.views):
                    host = ("127.0.0.1", "localhost")[view % 2]
                    for path in paths:
                        client.get(path, headers={"host": host}).raise_for_status()
                seconds = time.monotonic() - start
                after = rss_mb(server.process.pid)
            print(f"{args.entries} diary entries, {args.views} views of each of {len(paths)} "
                  f"pages ({args.views * len(paths)} GETs in {seconds:.1f} s)")
            print(f"server RSS before the views {before:.1f} MB, after {after:.1f} MB "
                  f"(+{after - before:.1f} MB)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()

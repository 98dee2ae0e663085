"""Load: 200 people through the whole HTML flow at once, plus 500 API submissions, against a
real uvicorn server on SQLite; then every result given a token is read back and checked.

    .venv/bin/python -m bench.load [--people 200] [--api 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from bench.loadlib import Server, drive, read_back, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--api", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "load.db")
        server.start()
        try:
            started = time.perf_counter()
            stats = asyncio.run(asyncio.wait_for(drive(server.url, args.people, args.api),
                                                 timeout=600))
            seconds = time.perf_counter() - started
            lost, wrong = asyncio.run(read_back(server.url, stats.acknowledged))
        finally:
            server.stop()
    print(f"machine                {os.cpu_count()} cores; server: 1 uvicorn worker, SQLite")
    report(stats, seconds)
    print(f"results read back      {len(stats.acknowledged)}")
    print(f"lost results           {lost}")
    print(f"wrong level read back  {wrong}")
    ok = lost == 0 and wrong == 0 and not stats.errors() \
        and stats.flows_completed == args.people and stats.api_created == args.api
    print("verdict                " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

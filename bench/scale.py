"""Cost against the number of stored results: builds databases of many results
(bench/scaledb.py: bulk copies of one real stored result, half of them expired), serves each
with `python -m app serve` in a subprocess, and prints for each size:

- share page and question page p50/p99 (sequential requests, one client);
- one API delete (median and worst of five, each of a result made just before);
- `python -m app purge` of the expired half, and the worst /healthz and API submission
  answered while it ran (one thread polling each);
- the database's size per result;
- on PostgreSQL, share page requests/s with 1 and 2 workers (wrk -t2 -c16).

    .venv/bin/python -m bench.scale --sizes 10000,100000,1000000
    scripts/with-postgres .venv/bin/python -m bench.scale --postgres --sizes 100000

Nothing here runs in the tests or CI: a million results take ~4 GB and several minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.engine import make_url

from bench.loadlib import (
    NO_WRITE_LIMITS,
    PROJECT_DIR,
    SAMPLE_ANSWERS,
    SECRET_KEY,
    free_port,
    wait_until_healthy,
)
from bench.perf import lua, wrk
from bench.scaledb import build, bytes_per_result

API = "/api/v1/assessments"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@contextmanager
def serve(url: str, workers: int = 1) -> Iterator[str]:
    """`python -m app serve --workers N` on the database; yields its base URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "SECRET_KEY": SECRET_KEY,
           "PURGE_INTERVAL_MINUTES": "0", **NO_WRITE_LIMITS}
    server = subprocess.Popen([sys.executable, "-m", "app", "serve", "--workers",
                               str(workers)], cwd=PROJECT_DIR, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, 120)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def live_tokens(url: str, live: int, count: int) -> list[str]:
    """Tokens of `count` live results picked at random (the newest `live` are live)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        top = connection.scalar(text("SELECT max(id) FROM assessments"))
        ids = random.Random(15).sample(range(top - live + 1, top + 1), min(count, live))
        tokens = list(connection.scalars(text(
            "SELECT token FROM assessments WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)), {"ids": ids}))
    engine.dispose()
    return tokens


def timed(client: httpx.Client, method: str, path: str, **kwargs: object) -> float:
    started = time.perf_counter()
    response = client.request(method, path, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {path}: {response.status_code}")
    return elapsed


def pages(base: str, tokens: list[str]) -> dict[str, list[float]]:
    with httpx.Client(base_url=base, timeout=30) as client:
        share = [timed(client, "GET", f"/r/{t}") for t in tokens]
        client.get("/")
        question = [timed(client, "GET", "/questions/red_flags_now") for _ in tokens]
    return {"share page": share, "question page": question}


def api_deletes(base: str, count: int = 5) -> list[float]:
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(count):
            made = client.post(API, json={"answers": SAMPLE_ANSWERS}).json()
            times.append(timed(client, "DELETE", f"{API}/{made['token']}",
                               headers={"X-Delete-Key": made["delete_key"]}))
    return times


class Poller(threading.Thread):
    """Sends one request after another until stopped; keeps each one's time."""

    def __init__(self, base: str, method: str, path: str, **kwargs: object) -> None:
        super().__init__(daemon=True)
        self.base, self.method, self.path, self.kwargs = base, method, path, kwargs
        self.times: list[float] = []
        self.failed = 0
        self.done = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self.done.is_set():
                try:
                    self.times.append(timed(client, self.method, self.path, **self.kwargs))
                except (RuntimeError, httpx.HTTPError):
                    self.failed += 1
                time.sleep(0.01)


def purge_while_polled(url: str, base: str) -> dict[str, object]:
    # The OpenAPI document touches no database: when it is slow too, the machine stalled.
    pollers = {"healthz": Poller(base, "GET", "/healthz"),
               "API POST": Poller(base, "POST", API, json={"answers": SAMPLE_ANSWERS}),
               "OpenAPI document (no DB)": Poller(base, "GET", "/openapi.json")}
    for poller in pollers.values():
        poller.start()
    time.sleep(0.5)
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "app", "purge"], cwd=PROJECT_DIR,
                         env={**os.environ, "DATABASE_URL": url}, capture_output=True,
                         text=True, check=True).stdout
    wall = time.monotonic() - started
    for poller in pollers.values():
        poller.done.set()
        poller.join()
    found = re.search(r"purged (\d+) expired results and (\d+) expired drafts in ([\d.]+) s",
                      out)
    assert found, out
    return {"results": int(found[1]), "drafts": int(found[2]), "seconds": float(found[3]),
            "wall": wall, "pollers": pollers}


def share_rps(url: str, workers: int, token: str) -> str:
    """wrk on one share page, and on the OpenAPI document (no database) for how busy the machine
    is: what a second worker adds shows against both."""
    with serve(url, workers) as base:
        wrk(f"{base}/r/{token}", 2, 16, lua())  # warm up every worker
        share = wrk(f"{base}/r/{token}", 5, 16, lua())
        static = wrk(f"{base}/openapi.json", 5, 16, lua())
    return (f"{share['rps']:,.0f} req/s, p99 {share['p99']:.0f} ms, {share['bad']} errors "
            f"(OpenAPI document: {static['rps']:,.0f} req/s)")


def measure(url: str, results: int, postgres: bool) -> None:
    built = build(url, results)
    print(f"\n== {results:,} results ({built.expired:,} expired), "
          f"{make_url(url).get_backend_name()}; built in {built.seconds:.0f} s; load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    print(f"stored JSON of one result   {built.column_bytes} bytes")
    print(f"database size per result    {bytes_per_result(url, results):,.0f} bytes")
    tokens = live_tokens(url, results - built.expired, 500)
    with serve(url) as base:
        for name, times in pages(base, tokens).items():
            print(f"{name:<27} p50 {pct(times, 50):6.1f} ms  p99 {pct(times, 99):6.1f} ms")
        deletes = api_deletes(base)
        print(f"one API delete              median {statistics.median(deletes):.1f} ms, "
              f"worst {max(deletes):.1f} ms of {len(deletes)}")
        if postgres and shutil.which("wrk"):
            print(f"share page, 1 worker        {share_rps(url, 1, tokens[0])}", flush=True)
        purge = purge_while_polled(url, base)
    print(f"purge of the expired half   {purge['results']:,} results, {purge['drafts']:,} "
          f"drafts in {purge['seconds']:.1f} s ({purge['wall']:.1f} s with start-up)")
    for name, poller in purge["pollers"].items():  # type: ignore[union-attr]
        print(f"  during it: {name:<20} worst {max(poller.times):.0f} ms, "
              f"p99 {pct(poller.times, 99):.0f} ms of {len(poller.times)}, "
              f"{poller.failed} failed")
    print(f"load average now            {os.getloadavg()[0]:.1f}")
    if postgres and shutil.which("wrk"):
        print(f"share page, 2 workers       {share_rps(url, 2, tokens[0])}", flush=True)


@contextmanager
def database(size: int, folder: Path, server: str | None) -> Iterator[str]:
    """An empty database for one size: a SQLite file, or a database on the server."""
    if not server:
        path = folder / f"scale-{size}.db"
        yield f"sqlite:///{path}"
        for leftover in folder.glob(f"{path.name}*"):
            leftover.unlink()
        return
    name = f"scale_{size}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        c.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated numbers of stored results")
    parser.add_argument("--postgres", action="store_true",
                        help="on the server in TEST_DATABASE_URL (scripts/with-postgres)")
    parser.add_argument("--folder", type=Path, help="where the SQLite files go (temporary)")
    args = parser.parse_args()
    server = os.environ.get("TEST_DATABASE_URL") if args.postgres else None
    if args.postgres and not server:
        parser.error("--postgres needs TEST_DATABASE_URL (run under scripts/with-postgres)")
    made = None if server or args.folder else Path(tempfile.mkdtemp(prefix="twitch-scale-"))
    folder = args.folder or made or Path()
    print(f"machine: {os.cpu_count()} cores; server: python -m app serve (1 worker unless "
          "said), on 127.0.0.1; requests from this process")
    for size in (int(s) for s in args.sizes.split(",")):
        with database(size, folder, server) as url:
            measure(url, size, postgres=bool(server))
    if made:
        shutil.rmtree(made)


if __name__ == "__main__":
    main()

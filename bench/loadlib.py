"""Shared pieces of the load and crash scripts: a real uvicorn server on 127.0.0.1, simulated
people going through the HTML pages, API submissions, and the figures they print.

Everything is bounded in count and time, and talks to loopback only.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app import flow
from app.form_answers import to_form
from app.migrate import upgrade
from app.questionnaire import ITEMS, Item
from app.triage import assess

PROJECT_DIR = Path(__file__).resolve().parent.parent
# As `python -m app serve` runs it (no access log: it would record IP addresses).
SERVER_FLAGS = ["--no-access-log", "--log-level", "warning", "--no-proxy-headers",
                "--no-server-header"]
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
# The servers the benches start sign sessions with this, so a bench can make its own.
SECRET_KEY = "bench-only-secret-" + "0" * 32
# One address plays every visitor here: the per-address and shared write limits
# (app.ratelimit) would measure themselves, not the service.
NO_WRITE_LIMITS = {"CLIENT_WRITES_PER_MINUTE": "1000000", "NEW_DRAFTS_PER_MINUTE": "1000000"}
# One complete answer set (public case P05: a harmless arm twitch), the bench's steady input.
SAMPLE_ANSWERS: dict[str, Any] = {
    "red_flags_now": ["none"], "red_flags_recent": ["none"], "age_band": "16_to_64",
    "locations": ["arm_hand"], "duration": "1_to_2_weeks", "frequency": "occasional",
    "course": "same", "spreading": False, "symptoms": ["weakness"], "symptoms_onset": "slowly",
    "triggers": ["caffeine", "poor_sleep"], "medications": ["none"], "new_medication": False,
    "lifestyle_tried": "not_tried", "notes": ""}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float,
                       output: Callable[[], str] = str) -> None:
    """Until `url`/healthz answers 200; a server that exits or takes longer is an error
    that shows the end of its `output`, if given. (The live-server tests use it too.)"""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start: {output()}")
        time.sleep(0.1)


class Server:
    """`uvicorn --factory app.main:create_app`, one worker, on a SQLite file."""

    def __init__(self, database: Path, port: int | None = None) -> None:
        self.database = database
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        database_url = f"sqlite:///{self.database}"
        upgrade(database_url)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), *SERVER_FLAGS],
            cwd=PROJECT_DIR,
            env={**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY,
                 **NO_WRITE_LIMITS})
        wait_until_healthy(self.url, self.process, 30)

    def kill(self) -> None:
        """kill -9: no shutdown, no flushing, as a crash would."""
        if self.process:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def random_answers(rng: random.Random) -> dict[str, Any]:
    """A complete, valid answer set: mostly harmless people, some with warning signs."""
    def pick(item: Item) -> Any:
        if item.kind == "bool":
            return rng.random() < 0.2
        if item.kind == "text":
            return rng.choice(["", "", "Worse in the evening", "<b>not bold</b> {{7*7}}"])
        # Keep early exits rare, as in life.
        ending = {o.code for o in item.options if o.ends_questionnaire}
        common = [c for c in item.codes if c not in ending or rng.random() < 0.1]
        if item.kind == "single":
            return rng.choice(common or item.codes)
        exclusive = [o.code for o in item.options if o.exclusive]
        if exclusive and rng.random() < 0.6:
            return exclusive
        others = [o.code for o in item.options if not o.exclusive and o.code in common]
        return rng.sample(others, k=rng.randint(1, min(2, len(others))))

    answers: dict[str, Any] = {}
    for item in ITEMS:
        if flow.is_enabled(item.link_id, answers):
            answers[item.link_id] = pick(item)
    return flow.prune(answers)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    flows_completed: int = 0
    api_created: int = 0
    # token -> expected level, for every result the server acknowledged
    acknowledged: dict[str, str] = field(default_factory=dict)

    def record(self, started: float, outcome: str) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.statuses[outcome] += 1

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 \
            if ordered else 0.0

    def errors(self) -> dict[str, int]:
        ok = {"200", "201", "303"}
        return {k: v for k, v in sorted(self.statuses.items()) if k not in ok}


async def request(client: httpx.AsyncClient, stats: Stats, method: str, url: str,
                  **kwargs: Any) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        stats.record(started, f"exception:{type(exc).__name__}")
        return None
    stats.record(started, str(response.status_code))
    return response


async def person(base_url: str, stats: Stats, rng: random.Random) -> None:
    """One person through the HTML pages: start, every question, check answers, result."""
    answers = random_answers(rng)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        if await request(client, stats, "GET", "/") is None:
            return
        location = f"/questions/{ITEMS[0].link_id}"
        token = ""
        for _ in range(len(ITEMS) + 2):
            if not location.startswith("/questions/"):
                break
            link_id = location.removeprefix("/questions/")
            page = await request(client, stats, "GET", location)
            if page is None or not (match := CSRF.search(page.text)):
                return
            token = match.group(1)
            response = await request(client, stats, "POST", location, data={
                link_id: to_form(answers.get(link_id, "")), "csrf_token": token})
            if response is None or response.status_code != 303:
                return
            location = response.headers["location"]
        if location == "/check-answers":
            await request(client, stats, "GET", location)
            response = await request(client, stats, "POST", location,
                                     data={"csrf_token": token})
            if response is None or response.status_code != 303:
                return
            location = response.headers["location"]
        if location.startswith("/r/"):
            stats.acknowledged[location.removeprefix("/r/")] = assess(answers).level.id
            if await request(client, stats, "GET", location) is not None:
                stats.flows_completed += 1


async def api_submission(client: httpx.AsyncClient, stats: Stats, rng: random.Random) -> None:
    answers = random_answers(rng)
    response = await request(client, stats, "POST", "/api/v1/assessments",
                             json={"answers": answers})
    if response is not None and response.status_code == 201:
        stats.acknowledged[response.json()["token"]] = assess(answers).level.id
        stats.api_created += 1


async def drive(base_url: str, people: int, api: int, *, seed: int = 7,
                api_concurrency: int = 32, stats: Stats | None = None) -> Stats:
    """All the people at once, with the API submissions alongside them."""
    stats = stats or Stats()
    rng = random.Random(seed)
    limits = asyncio.Semaphore(api_concurrency)

    async def one_api(client: httpx.AsyncClient, r: random.Random) -> None:
        async with limits:
            await api_submission(client, stats, r)

    async with httpx.AsyncClient(base_url=base_url, timeout=30,
                                 limits=httpx.Limits(max_connections=api_concurrency)) as api_c:
        await asyncio.gather(
            *(person(base_url, stats, random.Random(rng.random())) for _ in range(people)),
            *(one_api(api_c, random.Random(rng.random())) for _ in range(api)))
    return stats


async def read_back(base_url: str, expected: dict[str, str]) -> tuple[int, int]:
    """(lost, wrong level) over every acknowledged result."""
    lost = wrong = 0
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for token, level in expected.items():
            response = await client.get(f"/api/v1/assessments/{token}")
            if response.status_code != 200:
                lost += 1
            elif response.json()["level"] != level:
                wrong += 1
    return lost, wrong


def report(stats: Stats, seconds: float) -> None:
    total = sum(stats.statuses.values())
    print(f"completed HTML flows   {stats.flows_completed}")
    print(f"API results created    {stats.api_created}")
    print(f"requests               {total} in {seconds:.1f} s ({total / seconds:.0f}/s)")
    print(f"responses by status    {dict(sorted(stats.statuses.items()))}")
    print(f"errors                 {stats.errors() or 'none'}")
    print(f"latency p50/p95/p99    {stats.percentile(50):.1f} / {stats.percentile(95):.1f} / "
          f"{stats.percentile(99):.1f} ms")

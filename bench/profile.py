"""Where a request's time goes: our app called in-process (no server, no load generator).

Builds the app on a fresh SQLite file, prepares a session part-way through the
questionnaire and a stored result, then calls one endpoint's ASGI app N times and prints
microseconds per request, next to the reference app's. With --profile, also prints a
pyinstrument call tree of those calls. The per-request figures in docs/performance.md and
in the commit messages that changed the hot path come from this.

    .venv/bin/python -m bench.profile [question|question-htmx|answer|share|api|all]
                                      [--requests 3000] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from app.form_answers import to_form
from app.http.sessions import SessionKeys
from app.main import create_app
from app.migrate import upgrade
from app.settings import Settings
from bench.loadlib import SAMPLE_ANSWERS, SECRET_KEY
from bench.reference_app import app as reference

ANSWERS = SAMPLE_ANSWERS
KEYS = SessionKeys(SECRET_KEY)
SESSION, SESSION_COOKIE = KEYS.new()
Call = tuple[Any, str, str, dict[str, str], bytes]


async def call(app: Any, method: str, path: str, headers: dict[str, str],
               body: bytes = b"") -> tuple[int, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 8000), "state": {},
             "headers": [(k.encode(), v.encode())
                         for k, v in {"host": "127.0.0.1:8000", **headers}.items()]}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def endpoints(app: Any) -> dict[str, Call]:
    cookie = {"cookie": f"tt_session={SESSION_COOKIE}"}
    form = {**cookie, "content-type": "application/x-www-form-urlencoded"}
    token = KEYS.csrf_token(SESSION)
    for link_id in ("red_flags_now", "locations"):
        body = f"{link_id}={to_form(ANSWERS[link_id])[0]}&csrf_token={token}".encode()
        await call(app, "POST", f"/questions/{link_id}", form, body)
    api_body = json.dumps({"answers": ANSWERS}).encode()
    json_headers = {"content-type": "application/json"}
    status, created = await call(app, "POST", "/api/v1/assessments", json_headers, api_body)
    assert status == 201, (status, created[:300])
    answer = f"duration={ANSWERS['duration']}&csrf_token={token}".encode()
    return {
        "reference": (reference, "GET", "/", {}, b""),
        "question": (app, "GET", "/questions/duration", cookie, b""),
        "question-htmx": (app, "GET", "/questions/duration", {**cookie, "hx-request": "true"},
                          b""),
        "answer": (app, "POST", "/questions/duration", form, answer),
        "share": (app, "GET", json.loads(created)["share_url"], {}, b""),
        "api": (app, "POST", "/api/v1/assessments", json_headers, api_body),
    }


async def measure(name: str, target: Call, requests: int, profile: bool) -> None:
    app, method, path, headers, body = target
    status, _ = await call(app, method, path, headers, body)
    for _ in range(200):  # warm: caches, pools, the compiled statements
        await call(app, method, path, headers, body)
    profiler = None
    if profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.0001, async_mode="disabled")
        profiler.start()
    started = time.perf_counter()
    for _ in range(requests):
        await call(app, method, path, headers, body)
    per_request = (time.perf_counter() - started) / requests * 1e6
    if profiler:
        profiler.stop()
        print(profiler.output_text(color=False, show_all=False))
    print(f"{name:<14} {status}  {per_request:7.1f} us a request (in-process)")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint", nargs="?", default="all")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "profile.db"
    upgrade(f"sqlite:///{database}")
    app = create_app(Settings(database_url=f"sqlite:///{database}", secret_key=SECRET_KEY,
                              purge_interval_minutes=0))
    targets = await endpoints(app)
    names = list(targets) if args.endpoint == "all" else ["reference", args.endpoint]
    for name in names:
        await measure(name, targets[name], args.requests, args.profile)
    app.state.database.dispose()


if __name__ == "__main__":
    asyncio.run(main())

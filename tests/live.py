"""A real uvicorn server running the app in a process of its own (test helper)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.settings import PROJECT_DIR


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, seconds: float,
                       output: Callable[[], str]) -> None:
    """Until `url`/healthz answers 200; a server that exits or takes longer is an error
    that shows the end of its `output`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start: {output()}")
        time.sleep(0.1)


@contextmanager
def live_server(database_url: str, log: Path, args: Sequence[str] = (),
                **env: str) -> Iterator[str]:
    """Serve the app as `python -m app serve` does (with `args` after `serve`); yields its
    base URL. What the server prints goes to `log`."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port),
                   "SECRET_KEY": "live-tests-" + "0" * 16, **env}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "app", "serve", *args], cwd=PROJECT_DIR,
                                  env=environment, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, server, 30, lambda: log.read_text()[-2000:])
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)

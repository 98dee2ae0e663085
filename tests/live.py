"""A real uvicorn server running the app in a process of its own (test helper)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.settings import PROJECT_DIR
from bench.loadlib import NO_WRITE_LIMITS, free_port, wait_until_healthy

__all__ = ["free_port", "live_server", "wait_until_healthy"]


@contextmanager
def live_server(database_url: str, log: Path, args: Sequence[str] = (),
                **env: str) -> Iterator[str]:
    """Serve the app as `python -m app serve` does (with `args` after `serve`); yields its
    base URL. What the server prints goes to `log`."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port),
                   "SECRET_KEY": "live-tests-" + "0" * 16,
                   # One address plays every visitor; the limit tests set their own.
                   **NO_WRITE_LIMITS, **env}
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

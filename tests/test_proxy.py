"""Audit item 7: slow clients must not starve /healthz. The production shape: Debian's nginx
with deploy/nginx.conf in front of `python -m app serve --limit-concurrency 500
--timeout-keep-alive 5`, both real, on free ports. 2,000 clients send half a request header
and stall; /healthz is then asked 200 times through nginx, and (for the record, printed,
not asserted) 200 times straight to uvicorn with 2,000 such clients on it.

nginx must be installed (scripts/system-deps does it, CI runs that): without it these tests
fail, they do not skip."""

from __future__ import annotations

import http.client
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.settings import PROJECT_DIR
from tests.factories import harmless
from tests.live import free_port, live_server, wait_until_healthy

CONFIG = PROJECT_DIR / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
SLOW_CLIENTS = 2000
PROBES = 200
HEADER_TIMEOUT = 10  # client_header_timeout in deploy/nginx.conf
SERVE_ARGS = ["--limit-concurrency", "500", "--timeout-keep-alive", "5"]
# The app believes X-Forwarded-Proto from nginx only, as documented in docs/operations.md.
SERVE_ENV = {"FORWARDED_ALLOW_IPS": "127.0.0.1"}


def nginx_binary() -> str:
    assert NGINX, "nginx is not installed: run scripts/system-deps (Debian's nginx package)"
    return NGINX


def render(folder: Path, listen: int, upstream: str) -> Path:
    """deploy/nginx.conf with its placeholders filled in, as envsubst would."""
    values = {"LISTEN": f"127.0.0.1:{listen}", "UPSTREAM": upstream, "TEMP_DIR": str(folder),
              "PID_FILE": str(folder / "nginx.pid"), "ERROR_LOG": str(folder / "error.log")}
    text = CONFIG.read_text()
    for name, value in values.items():
        assert "${" + name + "}" in text, name
        text = text.replace("${" + name + "}", value)
    assert "${" not in text, "a placeholder was left unfilled"
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


@contextmanager
def nginx(folder: Path, upstream: str) -> Iterator[int]:
    """nginx in the foreground with the shipped config; yields the port it listens on."""
    folder.mkdir()
    port = free_port()
    conf = render(folder, port, upstream)
    command = [nginx_binary(), "-c", str(conf), "-p", f"{folder}/", "-e",
               str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    with (folder / "stderr.log").open("wb") as out:
        server = subprocess.Popen([*command, "-g", "daemon off;"], stdout=out,
                                  stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", server, 15, lambda: (
                "nginx: " + (folder / "stderr.log").read_text()[-2000:]
                + (folder / "error.log").read_text()[-2000:]))
            yield port
        finally:
            server.send_signal(signal.SIGTERM)  # nginx's fast shutdown
            server.wait(timeout=10)


def enough_file_descriptors(needed: int) -> None:
    """Raise this process's soft limit towards the hard one; nginx and uvicorn, started
    afterwards, inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = hard if hard == resource.RLIM_INFINITY else min(hard, max(needed, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    assert soft == resource.RLIM_INFINITY or soft >= needed, (
        f"{needed} file descriptors needed, the hard limit is {hard}")


def stall(port: int, count: int) -> list[socket.socket]:
    """`count` connections that send the start of a request header and nothing more."""
    clients = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        clients.append(s)
    return clients


def still_waiting(clients: list[socket.socket]) -> int:
    """How many are still connected and have been told nothing."""
    waiting = 0
    for s in clients:
        s.setblocking(False)
        try:
            s.recv(1, socket.MSG_PEEK)  # data, or b"" when closed
        except BlockingIOError:
            waiting += 1
        except OSError:  # reset
            pass
    return waiting


def close(clients: list[socket.socket]) -> None:
    for s in clients:
        s.close()


def probe(port: int, count: int) -> tuple[list[int | None], list[float]]:
    """`count` GET /healthz, one new connection each (a new visitor, a load balancer);
    the status (None: no answer within 5 s) and milliseconds of each."""
    statuses: list[int | None] = []
    times = []
    for _ in range(count):
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        except OSError:
            statuses.append(None)
        finally:
            connection.close()
        times.append((time.perf_counter() - started) * 1000)
    return statuses, times


def p(times: list[float], percent: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]


def summary(statuses: list[int | None], times: list[float]) -> str:
    counts = {s: statuses.count(s) for s in sorted(set(statuses), key=str)}
    answers = ", ".join(f"{n} x {'no answer' if s is None else s}" for s, n in counts.items())
    return f"{answers}; p50 {p(times, 50):.1f} ms, p99 {p(times, 99):.1f} ms"


@pytest.fixture
def app_url(tmp_path: Path, database_url: str) -> Iterator[str]:
    enough_file_descriptors(SLOW_CLIENTS + 500)
    with live_server(database_url, tmp_path / "server.log", SERVE_ARGS, **SERVE_ENV) as url:
        yield url


def test_slow_clients_do_not_starve_healthz_behind_nginx(tmp_path, app_url, capsys):
    app_port = int(app_url.rsplit(":", 1)[1])
    with nginx(tmp_path / "nginx", f"127.0.0.1:{app_port}") as port:
        idle_statuses, idle_times = probe(port, PROBES)
        slow = stall(port, SLOW_CLIENTS)
        stalled_at = time.monotonic()
        try:
            statuses, times = probe(port, PROBES)
            held = still_waiting(slow)
            time.sleep(max(0.0, stalled_at + HEADER_TIMEOUT + 2 - time.monotonic()))
            left = still_waiting(slow)
        finally:
            close(slow)
        error_log = (tmp_path / "nginx" / "error.log").read_text()

    # For the record: the same slow clients straight at uvicorn.
    direct = stall(app_port, SLOW_CLIENTS)
    try:
        direct_statuses, direct_times = probe(app_port, PROBES)
    finally:
        close(direct)

    with capsys.disabled():
        print(f"\n/healthz x {PROBES}, idle, through nginx: {summary(idle_statuses, idle_times)}"
              f"\n/healthz x {PROBES}, {SLOW_CLIENTS} slow clients, through nginx: "
              f"{summary(statuses, times)}"
              f"\n/healthz x {PROBES}, {SLOW_CLIENTS} slow clients, straight to uvicorn "
              f"{' '.join(SERVE_ARGS)}: {summary(direct_statuses, direct_times)}"
              f"\nslow clients nginx still held {HEADER_TIMEOUT + 2} s after they stalled: "
              f"{left} of {SLOW_CLIENTS}")

    # The slow clients were all there, unanswered, while /healthz was measured...
    assert held == SLOW_CLIENTS
    # ...and it still answered, every time, quickly.
    assert statuses == [200] * PROBES, summary(statuses, times)
    assert p(times, 99) < 500, summary(statuses, times)
    # nginx lets go of them after client_header_timeout, and logs nobody's address.
    assert left == 0
    assert "client:" not in error_log, error_log


def test_nginx_passes_the_scheme_and_host_the_app_checks(tmp_path, app_url):
    """Host as the client sent it (port included): a same-origin POST through nginx is
    accepted. A client's own X-Forwarded-Proto is replaced by nginx's, so a forged `https`
    does not make an https Origin look same-site."""
    app_port = int(app_url.rsplit(":", 1)[1])
    with nginx(tmp_path / "nginx", f"127.0.0.1:{app_port}") as port:
        url = f"http://127.0.0.1:{port}/api/v1/assessments"
        body = {"answers": harmless()}
        same = httpx.post(url, json=body, headers={"Origin": f"http://127.0.0.1:{port}"})
        assert same.status_code == 201, same.text
        forged = httpx.post(url, json=body, headers={"Origin": f"https://127.0.0.1:{port}",
                                                     "X-Forwarded-Proto": "https"})
        assert forged.status_code == 403, forged.text
        # Straight to the app from the trusted address, the header is believed: it is
        # nginx's overwriting that makes the difference.
        believed = httpx.post(f"{app_url}/api/v1/assessments", json=body,
                              headers={"Origin": f"https://127.0.0.1:{app_port}",
                                       "X-Forwarded-Proto": "https"})
        assert believed.status_code in (200, 201), believed.text


def test_nginx_limits_writes_per_address_and_names_the_emergency_numbers(tmp_path, app_url):
    """A per-address limit_req in front of the app. Past it, nginx's 429 names
    the emergency numbers; another address is not held up; and a page that may end in an
    emergency is left to the app, which never refuses one."""
    from app import questionnaire as q

    emergency_code = next(o.code for o in q.ITEMS[0].options if o.ends_questionnaire)
    app_port = int(app_url.rsplit(":", 1)[1])
    with nginx(tmp_path / "nginx", f"127.0.0.1:{app_port}") as port:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as flood:
            sent = [flood.post("/api/v1/assessments", json={"answers": harmless()})
                    for _ in range(60)]
            statuses = [r.status_code for r in sent]
            assert statuses[:30] == [201] * 30 and statuses.count(429) >= 15, statuses
            refused = next(r for r in sent if r.status_code == 429)
            assert refused.headers["retry-after"] == "10"
            for number in ("911", "999", "112"):
                assert f'href="tel:{number}"' in refused.text
            # The same address, over its limit, still reaches the first page's answer.
            page = flood.get("/questions/red_flags_now").text
            token = page.split('name="csrf_token" value="')[1].split('"')[0]
            emergency = flood.post("/questions/red_flags_now", follow_redirects=False,
                                   data={"csrf_token": token, "red_flags_now": emergency_code})
            assert emergency.status_code == 303, emergency.text
            assert emergency.headers["location"].startswith("/r/")
        other = httpx.Client(base_url=base,
                             transport=httpx.HTTPTransport(local_address="127.0.0.2"))
        with other:
            assert other.post("/api/v1/assessments",
                              json={"answers": harmless()}).status_code == 201
        # Every question page and check-answers too (any may end in an emergency).
        with httpx.Client(base_url=base) as person:
            for _ in range(40):
                page = person.get("/questions/red_flags_now").text
                token = page.split('name="csrf_token" value="')[1].split('"')[0]
                answered = person.post("/questions/red_flags_now", follow_redirects=False,
                                       data={"csrf_token": token, "red_flags_now": "none"})
                assert answered.status_code == 303, answered.text
                submitted = person.post("/check-answers", follow_redirects=False,
                                        data={"csrf_token": token, "answers": ""})
                # The app's own answer (its answers are not complete), never nginx's 429.
                assert submitted.status_code in (303, 409), submitted.text

"""A body past 64 KB sent in chunks once got its 413, and then uvicorn kept
the connection and read on (10.6 GB in 8 s on one connection). After any answer sent
before the whole body has come, the connection is closed. On the raw socket, against a
real `python -m app serve`."""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlsplit

import pytest

from tests.databases import fresh_database
from tests.live import live_server

CHUNK = b"x" * 65536
FRAME = b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n"
# After the answer, how long the client keeps sending: long enough for gigabytes.
KEEP_SENDING = 5.0


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_template):
    folder = tmp_path_factory.mktemp("oversized")
    with fresh_database(folder, migrated_template) as url, \
            live_server(url, folder / "server.log") as base:
        yield urlsplit(base).port


def send_endlessly(port: int, head: bytes, body: bytes) -> tuple[str, int, bool]:
    """Send `head`, then `body` again and again until the server closes the connection or
    KEEP_SENDING seconds after its answer. Returns the answer's head, the bytes the server
    took after answering, and whether it closed the connection.

    A server that closes with our bytes unread resets the connection, and the reset can
    overtake its answer in our own kernel (seen once in CI, never in 26 runs here): a
    connection reset before any answer was read is tried once more. A server that never
    answers fails both times."""
    answer = _send_endlessly(port, head, body)
    if answer[0] == "" and answer[2]:
        answer = _send_endlessly(port, head, body)
    return answer


def _send_endlessly(port: int, head: bytes, body: bytes) -> tuple[str, int, bool]:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head)
    sock.setblocking(False)
    reply, pending, after, answered = b"", b"", 0, None
    try:
        while answered is None or time.monotonic() - answered < KEEP_SENDING:
            readable, writable, _ = select.select([sock], [sock], [], 0.5)
            if readable:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    return reply.split(b"\r\n\r\n")[0].decode(), after, True
                if not data:
                    return reply.split(b"\r\n\r\n")[0].decode(), after, True
                reply += data
                if answered is None and b"\r\n\r\n" in reply:
                    answered = time.monotonic()
            if writable:
                pending = pending or body
                try:
                    sent = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    return reply.split(b"\r\n\r\n")[0].decode(), after, True
                pending = pending[sent:]
                if answered is not None:
                    after += sent
        return reply.split(b"\r\n\r\n")[0].decode(), after, False
    finally:
        sock.close()


def chunked(path: str, kind: str = "application/json") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()


@pytest.mark.parametrize("path", ["/api/v1/assessments", "/api/v1/assessments/x/diary"])
def test_a_chunked_body_past_the_limit_gets_413_and_the_connection_closed(server, path):
    head, after, closed = send_endlessly(server, chunked(path), FRAME)
    assert head.startswith("HTTP/1.1 413"), head
    assert "connection: close" in head.lower(), head
    # What the kernel's buffers took before the close, not gigabytes.
    assert closed and after < 64 * 2**20, (closed, after)


def test_a_declared_body_past_the_limit_gets_413_and_the_connection_closed(server):
    head = (b"POST /api/v1/assessments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n")
    reply, after, closed = send_endlessly(server, head, CHUNK)
    assert reply.startswith("HTTP/1.1 413") and "connection: close" in reply.lower(), reply
    assert closed and after < 64 * 2**20, (closed, after)


def test_an_answer_before_the_body_is_read_closes_the_connection(server):
    """A page refuses a JSON body without reading it (403, no CSRF token): the rest of an
    endless chunked body is not read either."""
    head, after, closed = send_endlessly(server, chunked("/questions/notes"), FRAME)
    assert head.startswith("HTTP/1.1 403") and "connection: close" in head.lower(), head
    assert closed and after < 64 * 2**20, (closed, after)

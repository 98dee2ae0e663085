"""Rate limits kept in memory, per process: a token bucket for everyone, and one per client
keyed by a keyed hash of its address.

Nothing about a client is written or logged. The per-client key is a random one made in
memory and replaced, with every bucket, when the UTC day changes: a hash cannot be matched
to an address without the key, nor to the same address on another day. At most
`most_clients` buckets are kept (the least recently used go first), so a flood from many
addresses costs a bounded amount of memory; the shared bucket is what holds then.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime


def _utc_today() -> date:
    return datetime.now(UTC).date()


class TokenBucket:
    """At most `per_minute` events a minute, in bursts of up to `burst`."""

    def __init__(self, per_minute: int, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst if burst is not None else per_minute)
        self._clock = clock
        self._tokens = self.capacity
        self._last = self._clock()
        self._lock = threading.Lock()  # pages run on several threads

    def take(self) -> float | None:
        """None when the event may happen now, else the seconds until it may."""
        with self._lock:
            now = self._clock()
            self._tokens, wait = _take(self._tokens, self._last, now, self.rate,
                                       self.capacity)
            self._last = now
            return wait


def _take(tokens: float, last: float, now: float, rate: float, capacity: float
          ) -> tuple[float, float | None]:
    """A bucket's tokens after `now`'s event, and None or the seconds to wait."""
    tokens = min(capacity, tokens + (now - last) * rate)
    if tokens >= 1:
        return tokens - 1, None
    return tokens, (1 - tokens) / rate


class ClientBuckets:
    """A token bucket per client, found by HMAC(key of the day, address)."""

    def __init__(self, per_minute: int, burst: int, *, most_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], date] = _utc_today) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst)
        self.most_clients = most_clients
        self._clock, self._today = clock, today
        self._day = today()
        self._key = secrets.token_bytes(32)
        self._buckets: OrderedDict[bytes, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, address: str) -> float | None:
        """None when this client may do it now, else the seconds until it may."""
        with self._lock:
            if (day := self._today()) != self._day:
                self._day, self._key = day, secrets.token_bytes(32)
                self._buckets.clear()
            client = hmac.new(self._key, address.encode(), hashlib.sha256).digest()
            now = self._clock()
            tokens, last = self._buckets.pop(client, (self.capacity, now))
            tokens, wait = _take(tokens, last, now, self.rate, self.capacity)
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.most_clients:
                self._buckets.popitem(last=False)
            return wait


class WriteLimits:
    """What may store something new (a questionnaire begun, an API submission, an
    emergency result): first the client's own bucket, so one client's flood takes only its
    own share, then the budget shared by everyone, which sheds a flood from many."""

    def __init__(self, *, per_client: int, total: int) -> None:
        self.clients = ClientBuckets(per_client, burst=max(3, per_client // 3))
        self.total = TokenBucket(total, burst=max(10, total // 6))
        # Diary entries: a person notes a few a day, a script 300 a second (4 KB each, 90
        # days) before this. Twice the allowance, and not from the shared budget: a flood
        # of diary entries must not hold up anyone's result.
        self.diary = ClientBuckets(2 * per_client, burst=max(6, per_client // 2))

    def take_diary(self, client: tuple[str, int] | None) -> float | None:
        """As take(), for a new diary entry."""
        return self.diary.take(network_of(client[0] if client else ""))

    def take(self, client: tuple[str, int] | None) -> float | None:
        """None when it may be stored now, else the seconds to wait (for Retry-After).
        `client` is the request's (address, port), as the ASGI server gives it."""
        wait = self.clients.take(network_of(client[0] if client else ""))
        return wait if wait is not None else self.total.take()


def network_of(address: str) -> str:
    """The unit one client is counted by: an IPv4 address, or an IPv6 /64 (one home or
    phone is given a whole /64, so counting single IPv6 addresses would give one client
    2**64 allowances)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)

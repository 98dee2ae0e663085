"""A token bucket: at most `per_minute` events a minute, in bursts of up to `burst`.

Kept in memory, one per process, and it stores nothing about who asked: a flood of new
questionnaires is refused cheaply, whoever sends it, without keeping an address.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
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
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return None
            return (1 - self._tokens) / self.rate

"""A per-client token bucket: `per_minute` requests a minute on average, bursts of `per_minute`."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

_MAX_CLIENTS = 10_000  # forget idle clients beyond this many, so memory stays bounded


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0  # tokens a second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, updated at)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def take(self, client: str) -> int | None:
        """Spend one token; None if allowed, else the whole seconds to wait (for Retry-After)."""
        if not self.enabled:
            return None
        now = self._clock()
        with self._lock:
            tokens, updated = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - updated) * self._rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                if len(self._buckets) > _MAX_CLIENTS:
                    self._forget_full(now)
                return None
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self._rate))

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely is the same as no bucket at all.
        full = [
            c
            for c, (tokens, updated) in self._buckets.items()
            if tokens + (now - updated) * self._rate >= self.per_minute
        ]
        for c in full:
            del self._buckets[c]

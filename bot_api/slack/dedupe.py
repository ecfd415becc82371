"""Remember recently handled events, so Slack's retries and duplicate deliveries get one answer."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

# Slack retries a delivery up to three times within about five minutes.
DEFAULT_TTL_S = 15 * 60
DEFAULT_MAX_KEYS = 10_000


class RecentKeys:
    """A thread-safe set of keys that forgets each key `ttl_s` seconds after it was added."""

    def __init__(
        self,
        ttl_s: float = DEFAULT_TTL_S,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.max_keys = max_keys
        self._clock = clock
        self._added: OrderedDict[str, float] = OrderedDict()  # oldest first
        self._lock = threading.Lock()

    def claim(self, *keys: str | None) -> bool:
        """True (and remember the keys) unless one of them was claimed within the TTL.

        Several keys name one event in several ways (Slack's event_id; channel and message ts, which
        an `app_mention` and a `message` event for the same message share). None is skipped.
        """
        present = [k for k in keys if k]
        with self._lock:
            now = self._clock()
            while self._added and next(iter(self._added.values())) <= now - self.ttl_s:
                self._added.popitem(last=False)
            if any(k in self._added for k in present):
                return False
            for key in present:
                self._added[key] = now
            while len(self._added) > self.max_keys:
                self._added.popitem(last=False)
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._added)

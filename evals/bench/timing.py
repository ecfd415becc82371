"""Small timing helpers: repeat a call, keep the samples, summarise them."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from evals.metrics import percentile


def sample_ms(call: Callable[[], object], n: int) -> list[float]:
    """Run `call` n times; the duration of each, in milliseconds."""
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary_ms(samples: list[float]) -> dict[str, float | int | None]:
    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    return {
        "n": len(samples),
        "p50": r(percentile(samples, 50)),
        "p95": r(percentile(samples, 95)),
        "p99": r(percentile(samples, 99)),
        "mean": r(statistics.fmean(samples)) if samples else None,
        "min": r(min(samples)) if samples else None,
    }


def median(values: list[float]) -> float:
    return statistics.median(values)

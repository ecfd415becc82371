"""The quality gate: `--fail-under METRIC=VALUE` (and `--fail-over` for lower-is-better metrics)."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Literal

from evals.metrics import METRICS

Direction = Literal["under", "over"]


class BoundError(ValueError):
    """A bound that cannot be checked (bad syntax, unknown metric, impossible value)."""


@dataclass(frozen=True)
class Bound:
    metric: str
    value: float
    direction: Direction  # "under": fail when below; "over": fail when above

    def __str__(self) -> str:
        return f"--fail-{self.direction} {self.metric}={self.value:g}"

    @property
    def short(self) -> str:
        """The bound as a reader wants it next to the number: `≥ 0.9`, `≤ 500`."""
        return f"{'≥' if self.direction == 'under' else '≤'} {self.value:g}"

    def failure(self, value: float | None) -> str | None:
        """Why `value` fails this bound, or None when it holds."""
        if value is None:
            return f"{self.metric} was not measured (the dataset has no rows it applies to)"
        if self.direction == "under" and value < self.value:
            return f"{self.metric} = {value:.4g} is below its bound {self.value:g}"
        if self.direction == "over" and value > self.value:
            return f"{self.metric} = {value:.4g} is above its bound {self.value:g}"
        return None


def parse_bound(spec: str, direction: Direction) -> Bound:
    option = f"--fail-{direction}"
    metric, sep, raw = spec.partition("=")
    metric = metric.strip()
    if not sep or not metric or not raw.strip():
        raise BoundError(f"{option} {spec!r}: expected METRIC=VALUE, e.g. {option} fact_recall=0.9")
    info = METRICS.get(metric)
    if info is None:
        close = difflib.get_close_matches(metric, list(METRICS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise BoundError(
            f"{option} {spec!r}: unknown metric {metric!r}{hint}; metrics: {', '.join(METRICS)}"
        )
    try:
        value = float(raw)
    except ValueError as exc:
        raise BoundError(f"{option} {spec!r}: {raw.strip()!r} is not a number") from exc
    if not math.isfinite(value):
        raise BoundError(f"{option} {spec!r}: the bound must be a finite number")
    if not info.unit and not 0.0 <= value <= 1.0:
        raise BoundError(
            f"{option} {spec!r}: {metric} is a fraction, so its bound must be in [0, 1]"
        )
    if info.unit and value < 0:
        raise BoundError(f"{option} {spec!r}: {metric} cannot be negative")
    # A bound in the wrong direction would never trip on a regression, so it is refused outright.
    if direction == "under" and not info.higher_is_better:
        raise BoundError(
            f"{option} {spec!r}: lower {metric} is better; use --fail-over {metric}=VALUE"
        )
    if direction == "over" and info.higher_is_better:
        raise BoundError(
            f"{option} {spec!r}: higher {metric} is better; use --fail-under {metric}=VALUE"
        )
    return Bound(metric, value, direction)


def failures(bounds: list[Bound], metrics: dict[str, float | None]) -> dict[str, str]:
    """metric -> why it fails its bound, for the bounds that fail."""
    return {b.metric: f for b in bounds if (f := b.failure(metrics.get(b.metric))) is not None}

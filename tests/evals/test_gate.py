"""The quality gate's bounds: parsing, refusing nonsense, and saying exactly what failed."""

from __future__ import annotations

import pytest

from evals.gate import Bound, BoundError, failures, parse_bound


def test_parses_a_bound() -> None:
    assert parse_bound("fact_recall=0.9", "under") == Bound("fact_recall", 0.9, "under")
    assert parse_bound(" latency_p95_ms = 1500 ", "over") == Bound("latency_p95_ms", 1500.0, "over")


@pytest.mark.parametrize(
    ("spec", "direction", "message"),
    [
        ("fact_recall", "under", "expected METRIC=VALUE"),
        ("=0.9", "under", "expected METRIC=VALUE"),
        ("fact_recal=0.9", "under", "unknown metric 'fact_recal' (did you mean 'fact_recall'?)"),
        ("fact_recall=high", "under", "'high' is not a number"),
        ("fact_recall=nan", "under", "finite"),
        ("fact_recall=90", "under", "bound must be in [0, 1]"),
        ("latency_p95_ms=-1", "over", "cannot be negative"),
        ("false_refusal_rate=0.1", "under", "use --fail-over false_refusal_rate=VALUE"),
        ("fact_recall=0.9", "over", "use --fail-under fact_recall=VALUE"),
    ],
)
def test_rejects_bad_bounds_clearly(spec: str, direction: str, message: str) -> None:
    with pytest.raises(BoundError) as caught:
        parse_bound(spec, direction)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_failures_name_metric_value_and_bound() -> None:
    bounds = [
        parse_bound("fact_recall=0.9", "under"),
        parse_bound("citation_validity=1.0", "under"),
        parse_bound("latency_p95_ms=500", "over"),
        parse_bound("refusal_accuracy=0.5", "under"),
    ]
    metrics = {
        "fact_recall": 0.85,
        "citation_validity": 1.0,
        "latency_p95_ms": 640.0,
        "refusal_accuracy": None,
    }
    assert failures(bounds, metrics) == {
        "fact_recall": "fact_recall = 0.85 is below its bound 0.9",
        "latency_p95_ms": "latency_p95_ms = 640 is above its bound 500",
        "refusal_accuracy": (
            "refusal_accuracy was not measured (the dataset has no rows it applies to)"
        ),
    }


def test_a_value_equal_to_its_bound_passes() -> None:
    assert failures([parse_bound("citation_validity=1", "under")], {"citation_validity": 1.0}) == {}
    assert str(parse_bound("citation_validity=1", "under")) == "--fail-under citation_validity=1"
    assert parse_bound("latency_p50_ms=300", "over").short == "≤ 300"

"""The per-client token bucket, and its 429 + Retry-After over HTTP."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from bot_api.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    assert limiter.take("a") == 20  # one token every 20 s
    clock.now += 19
    assert limiter.take("a") == 1
    clock.now += 1
    assert limiter.take("a") is None
    assert limiter.take("b") is None  # clients have their own buckets


def test_zero_disables_the_limit() -> None:
    limiter = RateLimiter(per_minute=0)
    assert not limiter.enabled
    assert all(limiter.take("a") is None for _ in range(1000))


def test_idle_clients_are_forgotten(monkeypatch) -> None:
    monkeypatch.setattr("bot_api.ratelimit._MAX_CLIENTS", 10)
    clock = Clock()
    limiter = RateLimiter(per_minute=60, clock=clock)
    for i in range(10):
        limiter.take(f"c{i}")
    clock.now += 120  # every bucket has refilled
    limiter.take("new")
    assert len(limiter._buckets) == 1


def test_http_429_with_retry_after(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=2)
    assert client.get("/sources").status_code == 200
    assert client.get("/sources").status_code == 200
    limited = client.get("/sources")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert "rate limit of 2 requests a minute" in limited.json()["detail"]
    assert client.get("/healthz").status_code == 200  # health checks are never limited


def test_each_api_key_is_its_own_client(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=1, api_keys="k1,k2")
    one = {"Authorization": "Bearer k1"}
    two = {"Authorization": "Bearer k2"}
    assert client.get("/sources", headers=one).status_code == 200
    assert client.get("/sources", headers=one).status_code == 429
    assert client.get("/sources", headers=two).status_code == 200


def test_guessing_keys_is_rate_limited_too(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_per_minute=2, api_keys="real")
    codes = [
        client.get("/sources", headers={"Authorization": f"Bearer guess{i}"}).status_code
        for i in range(3)
    ]
    assert codes == [401, 401, 429]

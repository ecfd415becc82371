"""The retry cache: each event claimed once, forgotten after its TTL, safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot_api.slack.dedupe import RecentKeys


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_claimed_once_until_it_expires() -> None:
    clock = Clock()
    recent = RecentKeys(ttl_s=60, clock=clock)
    assert recent.claim("Ev1", "C1:1.1")
    assert not recent.claim("Ev1", None)  # Slack's retry: same event id
    assert not recent.claim("Ev2", "C1:1.1")  # the same message under another event
    clock.now += 59
    assert not recent.claim("Ev1")
    clock.now += 2
    assert recent.claim("Ev1")
    assert recent.claim("Ev3") and len(recent) == 2  # expired keys are dropped


def test_no_keys_always_claims() -> None:
    recent = RecentKeys()
    assert recent.claim(None, "") and recent.claim()


def test_the_cache_stays_bounded() -> None:
    recent = RecentKeys(max_keys=3)
    for i in range(10):
        assert recent.claim(f"Ev{i}")
    assert len(recent) == 3
    assert not recent.claim("Ev9")
    assert recent.claim("Ev0")  # the oldest were forgotten first


def test_concurrent_claims_of_one_event_succeed_exactly_once() -> None:
    recent = RecentKeys()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: recent.claim("EvSAME", "C1:2.2"), range(200)))
    assert results.count(True) == 1
